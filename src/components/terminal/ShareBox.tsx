/**
 * The share link's two moments: the warning when the typed lines hold credentials
 * other than the demo token, and the finished link. The controller's share flow
 * decides which; this renders it.
 */
import type { ControllerView, TerminalController } from '../../terminal/controller.ts';

export default function ShareBox({ share, controller }: { share: ControllerView['share']; controller: TerminalController }) {
  if (share.status === 'confirm') {
    return (
      <div className="smtp-alert" role="alert">
        <p>
          <strong>Your lines hold credentials that are not the demo token.</strong> A share link would show them to anyone who opens it:
        </p>
        <ul>
          {share.findings.map((f) => (
            <li key={f.index}>
              Line {f.index + 1}: {f.why}
            </li>
          ))}
        </ul>
        <div className="smtp-actions">
          <button type="button" className="smtp-button smtp-button--primary" onClick={() => controller.confirmShare(true)}>
            Share with the demo token instead
          </button>
          <button type="button" className="smtp-button" onClick={() => controller.confirmShare(false)}>
            Share them anyway
          </button>
          <button type="button" className="smtp-button" onClick={() => controller.cancelShare()}>
            Cancel
          </button>
        </div>
      </div>
    );
  }
  if (share.status === 'ready') {
    return (
      <div className="smtp-share">
        <label className="smtp-field smtp-field--wide">
          <span>Share link{share.demoCredentials ? ' (credentials replaced by the demo token)' : ''}</span>
          <input type="text" readOnly value={share.url} onFocus={(e) => e.currentTarget.select()} />
        </label>
        <button type="button" className="smtp-button smtp-button--small" onClick={() => controller.cancelShare()}>
          Close
        </button>
      </div>
    );
  }
  return null;
}
