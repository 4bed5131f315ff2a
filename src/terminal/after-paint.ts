/**
 * Runs a callback once the browser has painted its next frame: the terminal's side
 * panels (hint, state diagram, log, inspector) update there, so a reply's frame only
 * draws the terminal's rows. A message posted from a frame callback arrives right
 * after that frame's paint, sooner than a timer would. Without frames (Node, a hidden
 * tab that may never paint) it runs after the current task.
 */
export type AfterPaint = (callback: () => void) => void;

export const afterNextPaint: AfterPaint = (callback) => {
  const visible = typeof document === 'undefined' || document.visibilityState !== 'hidden';
  if (typeof requestAnimationFrame !== 'function' || typeof MessageChannel !== 'function' || !visible) {
    setTimeout(callback, 0);
    return;
  }
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      callback();
    };
    channel.port2.postMessage(null);
  });
};
