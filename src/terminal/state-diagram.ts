/**
 * Lays out the state diagram from the core's transition table, pure. Each state
 * gets a box at a fixed spot; each pair of states joined by at least one row of
 * the table gets one arrow, labelled with the distinct labels of its rows.
 * Transitions that keep the state (NOOP, HELP, VRFY, RSET at the start) are
 * listed in the caption rather than drawn as loops.
 */
import { STATES, TRANSITIONS, type SessionState, type Transition } from '../../simulator/states.ts';

export interface DiagramNode {
  state: SessionState;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DiagramEdge {
  from: SessionState;
  to: SessionState;
  label: string;
  /** SVG path from the edge of one box to the edge of the other. */
  path: string;
  labelX: number;
  labelY: number;
}

export interface Diagram {
  width: number;
  height: number;
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  /** Labels of transitions that keep their state, per state. */
  loops: Partial<Record<SessionState, string[]>>;
}

const BOX_W = 112;
const BOX_H = 36;

/** Where each state sits: the main path left to right, side trips below. */
const POSITIONS: Readonly<Record<SessionState, { x: number; y: number }>> = {
  new: { x: 80, y: 300 },
  'tls-handshake': { x: 190, y: 50 },
  connected: { x: 80, y: 170 },
  ready: { x: 300, y: 170 },
  mail: { x: 520, y: 170 },
  rcpt: { x: 720, y: 170 },
  data: { x: 920, y: 170 },
  auth: { x: 300, y: 300 },
  closed: { x: 920, y: 300 },
};

/** Curvature per edge, chosen so arrows between the same boxes do not overlap. */
function bend(from: SessionState, to: SessionState, hasReverse: boolean): number {
  const a = POSITIONS[from];
  const b = POSITIONS[to];
  if (a.y === b.y) {
    // Backward arrows along the main row arc above it, longer ones higher; forward ones stay straight.
    return b.x < a.x ? 24 + Math.abs(b.x - a.x) * 0.1 : 0;
  }
  return hasReverse ? 22 : 0;
}

/** Where the line from a box's centre towards (tx, ty) leaves the box. */
function boxExit(cx: number, cy: number, tx: number, ty: number): [number, number] {
  const dx = tx - cx;
  const dy = ty - cy;
  if (dx === 0 && dy === 0) return [cx, cy];
  const sx = dx === 0 ? Infinity : BOX_W / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : BOX_H / 2 / Math.abs(dy);
  const s = Math.min(sx, sy);
  return [cx + dx * s, cy + dy * s];
}

export function layoutDiagram(transitions: readonly Transition[] = TRANSITIONS): Diagram {
  const nodes: DiagramNode[] = STATES.map((state) => ({
    state,
    x: POSITIONS[state].x - BOX_W / 2,
    y: POSITIONS[state].y - BOX_H / 2,
    width: BOX_W,
    height: BOX_H,
  }));

  const grouped = new Map<string, { from: SessionState; to: SessionState; labels: string[] }>();
  const loops: Partial<Record<SessionState, string[]>> = {};
  for (const t of transitions) {
    if (t.from === t.to) {
      const list = (loops[t.from] ??= []);
      if (!list.includes(t.label)) list.push(t.label);
      continue;
    }
    const key = `${t.from}>${t.to}`;
    const group = grouped.get(key) ?? { from: t.from, to: t.to, labels: [] };
    if (!group.labels.includes(t.label)) group.labels.push(t.label);
    grouped.set(key, group);
  }

  const edges: DiagramEdge[] = [];
  for (const { from, to, labels } of grouped.values()) {
    const a = POSITIONS[from];
    const b = POSITIONS[to];
    const hasReverse = grouped.has(`${to}>${from}`);
    const k = bend(from, to, hasReverse);
    // Control point: the midpoint pushed sideways (perpendicular to the chord) by k.
    const mx = (a.x + b.x) / 2;
    const my = (a.y + b.y) / 2;
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const nx = -(b.y - a.y) / len;
    const ny = (b.x - a.x) / len;
    const cx = mx + nx * k * 2;
    const cy = my + ny * k * 2;
    const [x1, y1] = boxExit(a.x, a.y, cx, cy);
    const [x2, y2] = boxExit(b.x, b.y, cx, cy);
    // The curve's midpoint, where the label goes.
    const lx = 0.25 * x1 + 0.5 * cx + 0.25 * x2;
    const ly = 0.25 * y1 + 0.5 * cy + 0.25 * y2;
    edges.push({
      from,
      to,
      label: labels.join(' / '),
      path: `M ${x1.toFixed(1)} ${y1.toFixed(1)} Q ${cx.toFixed(1)} ${cy.toFixed(1)} ${x2.toFixed(1)} ${y2.toFixed(1)}`,
      labelX: Math.round(lx),
      labelY: Math.round(ly - 6),
    });
  }

  const width = Math.max(...nodes.map((n) => n.x + n.width)) + 20;
  const height = Math.max(...nodes.map((n) => n.y + n.height)) + 20;
  return { width, height, nodes, edges, loops };
}

/** The diagram in words: one sentence per state, for the text alternative. */
export function describeDiagram(diagram: Diagram): string[] {
  return STATES.map((state) => {
    const out = diagram.edges.filter((e) => e.from === state).map((e) => `${e.label} → ${e.to}`);
    const loops = diagram.loops[state];
    const parts = [...out];
    if (loops?.length) parts.push(`${loops.join(', ')} keep the state`);
    return `${state}: ${parts.length ? parts.join('; ') : 'no way out'}`;
  });
}
