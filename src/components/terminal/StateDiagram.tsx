/**
 * The SMTP state diagram, drawn from the core's transition table, with the
 * session's current state highlighted and the whole table in words beside it.
 * Also rendered at build time, without a current state, by the docs' state
 * diagram page (`src/components/docs/StateDiagramFigure.astro`).
 *
 * The drawing keeps a readable size: where the column is narrower (a phone), it
 * scrolls sideways in a focusable, labelled region instead of shrinking.
 */
import { memo, useId } from 'react';
import type { SessionState } from '../../../simulator/index.ts';
import { describeDiagram, layoutDiagram } from '../../terminal/state-diagram.ts';

const diagram = layoutDiagram();
const description = describeDiagram(diagram);

function StateDiagram({ current }: { current: SessionState | null }) {
  const id = useId().replace(/:/g, '');
  const arrow = `${id}-arrow`;
  const arrowOn = `${id}-arrow-on`;
  const loops = Object.entries(diagram.loops)
    .map(([state, labels]) => `${state}: ${labels!.join(', ')}`)
    .join('; ');
  return (
    <figure className="smtp-diagram">
      <div className="smtp-diagram__scroll" role="region" aria-label="State diagram, scrolls sideways" tabIndex={0}>
      <svg
        viewBox={`0 0 ${diagram.width} ${diagram.height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        className="smtp-diagram__svg"
      >
        <title id={`${id}-title`}>SMTP session states</title>
        <desc id={`${id}-desc`}>
          {current ? `The session is in the ${current} state. ` : ''}The list below the drawing gives every transition in words.
        </desc>
        <defs>
          <marker id={arrow} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="smtp-diagram__head" />
          </marker>
          <marker id={arrowOn} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="smtp-diagram__head is-on" />
          </marker>
        </defs>
        {diagram.edges.map((edge) => {
          const on = edge.from === current;
          return (
            <g
              key={`${edge.from}-${edge.to}`}
              className={`smtp-diagram__edge${on ? ' is-on' : ''}${edge.to === 'closed' ? ' is-quit' : ''}`}
            >
              <path d={edge.path} markerEnd={`url(#${on ? arrowOn : arrow})`} />
              <text x={edge.labelX} y={edge.labelY} textAnchor="middle">
                {edge.label}
              </text>
            </g>
          );
        })}
        {diagram.nodes.map((node) => {
          const on = node.state === current;
          return (
            <g key={node.state} className={on ? 'smtp-diagram__node is-current' : 'smtp-diagram__node'} aria-current={on ? 'step' : undefined}>
              <rect x={node.x} y={node.y} width={node.width} height={node.height} rx="8" />
              <text x={node.x + node.width / 2} y={node.y + node.height / 2 + 5} textAnchor="middle">
                {node.state}
              </text>
            </g>
          );
        })}
      </svg>
      </div>
      <figcaption>
        {current && (
          <>
            Current state: <strong>{current}</strong>. Arrows leaving it are highlighted.{' '}
          </>
        )}
        Commands that keep the state are not drawn ({loops}).
      </figcaption>
      <details className="smtp-diagram__text">
        <summary>The transitions as text</summary>
        <ul>
          {description.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </details>
    </figure>
  );
}

export default memo(StateDiagram);
