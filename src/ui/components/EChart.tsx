import * as echarts from 'echarts';
import { useEffect, useRef } from 'react';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json' with { type: 'json' };

let worldRegistered = false;

/** The world map of the geo panels, from Natural Earth (world-atlas) converted to GeoJSON once. */
export function ensureWorldMap(): void {
  if (worldRegistered) return;
  const topology = world as unknown as Topology<{ countries: GeometryCollection }>;
  const countries = feature(topology, topology.objects.countries);
  echarts.registerMap('world', countries as unknown as Parameters<typeof echarts.registerMap>[1]);
  worldRegistered = true;
}

/** One ECharts instance on a canvas, sized to its box and disposed with it. */
export function EChart(props: { option: echarts.EChartsCoreOption; height?: number | string; label?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!box.current) return;
    const instance = echarts.init(box.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(box.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(props.option, true);
  }, [props.option]);

  // The names of the series drawn, for a reader of the page that cannot see the canvas (and the browser test).
  const series = ([] as { name?: unknown }[]).concat((props.option.series as { name?: unknown }[] | undefined) ?? []);
  const names = series.map((s) => (typeof s.name === 'string' ? s.name : '')).filter(Boolean);
  return (
    <div
      ref={box}
      className="echart"
      role="img"
      aria-label={props.label ?? 'chart'}
      data-series={names.join('\n')}
      style={{ height: props.height ?? '100%' }}
    />
  );
}
