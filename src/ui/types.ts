/** The sign-in session as GET /api/ui/session answers it; every other shape the UI reads is in src/model/. */
export interface SessionInfo {
  accessId: string;
  name: string;
  demo: boolean;
}
