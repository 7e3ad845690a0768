import { Invalid } from '../domain/errors';
import { ConsultationRepository, type CommentRow, type Disposition } from '../store/consultation.repository';
import { documentIdOf, stringValue, taskRecordId, type Recorder } from './documents.recording';
import { requireReason } from './consultations.service';

/** The comment-disposal form's decisions in the records' terms. */
const DECISIONS: Record<string, Disposition> = { adopted: 'adopted', partlyAdopted: 'partially-adopted', 'partially-adopted': 'partially-adopted', rejected: 'rejected' };
const CATEGORIES = new Set(['legality', 'feasibility', 'provision', 'other']);

interface DisposalItem {
  id?: string;
  content: string;
  source?: string;
  category: string | null;
  disposition: Disposition;
  reason: string | null;
}

/** The form's list of comments, each checked: a known decision, and a reason for every rejection (422 otherwise). */
function disposalItems(value: unknown): DisposalItem[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Invalid('comments must be a list', [{ field: 'comments', message: 'expected a list' }], 'FORM_INVALID');
  return value.map((raw, index) => {
    const item = (raw ?? {}) as Record<string, unknown>;
    const disposition = DECISIONS[String(item.decision)];
    if (!disposition) throw new Invalid(`comment ${index + 1} has no decision`, [{ field: `comments.${index}.decision`, message: 'adopted, partlyAdopted or rejected' }], 'FORM_INVALID');
    const reason = stringValue(item.reason) ?? null;
    requireReason(disposition, reason, `comments.${index}.reason`);
    const category = stringValue(item.category);
    return {
      id: stringValue(item.id),
      content: stringValue(item.content) ?? '',
      source: stringValue(item.source),
      category: category && CATEGORIES.has(category) ? category : null,
      disposition,
      reason: disposition === 'rejected' || reason ? reason : null,
    };
  });
}

/**
 * comment-disposal form → the dispositions of the latest round's comments. Each listed comment is
 * matched by its `id` (when the list was prefilled), else by identical text; one that matches no
 * comment that came in (gathered at a symposium, by letter, ...) is added to the round with its
 * source as author. Rejections need a reason: without one the task is refused (422).
 */
export const recordCommentDisposal: Recorder = async (recording) => {
  const items = disposalItems(recording.submitted.comments);
  const documentId = documentIdOf(recording);
  if (!documentId || items.length === 0) return;
  const repository = new ConsultationRepository(recording.db);
  const consultation = await repository.latest(documentId, recording.task.processInstanceKey);
  if (!consultation) {
    recording.logger.warn({ taskId: recording.task.id, documentId }, 'comment disposal without a recorded consultation: dispositions not recorded');
    return;
  }
  const existing = await repository.allComments(consultation.id);
  const used = new Set<string>();
  const match = (item: DisposalItem): CommentRow | undefined =>
    existing.find((comment) => !used.has(comment.id) && (item.id ? comment.id === item.id : comment.content === item.content));
  for (const [index, item] of items.entries()) {
    let before = match(item);
    if (!before) {
      before = await repository.insertComment({
        id: taskRecordId(`comment-${index}`, recording.task.id),
        consultationId: consultation.id,
        authorName: item.source ?? null,
        contactCiphertext: null,
        content: item.content,
        submittedAt: recording.now,
        category: null,
        disposition: null,
        dispositionReason: null,
        disposedBy: null,
        disposedAt: null,
      });
    }
    used.add(before.id);
    if (before.disposition === item.disposition && before.dispositionReason === item.reason && before.category === (item.category ?? before.category)) continue;
    const after = await repository.updateComment(before.id, {
      disposition: item.disposition,
      dispositionReason: item.reason,
      category: item.category ?? before.category,
      disposedBy: recording.principal.id,
      disposedAt: recording.now,
    });
    const { contactCiphertext: _b, ...beforeView } = before;
    const { contactCiphertext: _a, ...afterView } = after;
    await recording.audit.record({ actor: recording.principal.id, action: 'comment.dispose', resource: 'comment', resourceId: before.id, before: beforeView, after: afterView }, recording.db);
  }
};
