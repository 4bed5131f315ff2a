/**
 * An inbox message as the site's inspector shows it, through the checker's own
 * adapter (`checkedView`): the record, the start of the raw text, and the same
 * message as a curl call to the send API, with notes when something was shortened.
 */
import { checkedView, type CheckedView } from '../../src/checker/result-view.ts';
import { rawPreview, shortenAttachments } from '../../src/checker/display-payload.ts';
import type { Detail } from './inbox-api.ts';

/** The domain of the From address: the token the curl call names follows it. */
function fromDomain(detail: Detail): string {
  const from = detail.record.payload.from ?? detail.record.envelope.mail_from;
  const match = /@([^\s>@]+)>?\s*$/.exec(from ?? '');
  return match ? match[1]!.toLowerCase() : '';
}

export function inboxView(detail: Detail, raw: Uint8Array | null): CheckedView {
  const { payload, shortened } = shortenAttachments(detail.record.payload);
  return checkedView(
    {
      kind: 'checked',
      record: { ...detail.record, payload },
      ...(raw ? rawPreview(raw) : { raw: '(not kept: the message was over the size limit)', rawShortened: false }),
      bareLf: 0,
      attachmentsShortened: shortened,
      domain: fromDomain(detail),
    },
    detail.id,
  );
}
