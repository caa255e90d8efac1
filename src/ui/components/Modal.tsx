import type { ReactNode } from 'react';

export function Modal(props: { title: string; onClose: () => void; children: ReactNode; footer?: ReactNode; wide?: boolean }) {
  return (
    <div className="modal-backdrop">
      <div
        className={`modal${props.wide ? ' modal-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            props.onClose();
          }
        }}
      >
        <header className="modal-header">
          <h2>{props.title}</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={props.onClose}>
            ×
          </button>
        </header>
        <div className="modal-body">{props.children}</div>
        {props.footer ? <footer className="modal-footer">{props.footer}</footer> : null}
      </div>
    </div>
  );
}

/** A yes/no question before something that cannot be undone. */
export function Confirm(props: { title: string; message: string; confirmLabel: string; onConfirm: () => void; onCancel: () => void }) {
  return (
    <Modal
      title={props.title}
      onClose={props.onCancel}
      footer={<ModalActions onCancel={props.onCancel} actionLabel={props.confirmLabel} onAction={props.onConfirm} />}
    >
      <p>{props.message}</p>
    </Modal>
  );
}

/** The footer of a dialog that asks for one action: Cancel, then the action (disabled while it runs). */
export function ModalActions(props: { onCancel: () => void; actionLabel: string; onAction: () => void; busy?: boolean }) {
  return (
    <>
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
      <button type="button" className="primary" disabled={props.busy} onClick={props.onAction}>
        {props.actionLabel}
      </button>
    </>
  );
}
