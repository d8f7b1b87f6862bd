import type { CommentView } from "./comments";
import { linkifyText, type TextSegment } from "./linkify";

// A comment as the event page renders it: the API's view, with its text already split into text,
// links and line breaks here on the server, so the page's client code never loads linkify-it.

export type CommentItemView = {
  id: string;
  authorId: string;
  authorName: string;
  createdAt: string;
  canDelete: boolean;
  segments: TextSegment[];
};

export function commentItemViewOf(comment: CommentView): CommentItemView {
  return {
    id: comment.comment_id,
    authorId: comment.author_id,
    authorName: comment.author_name,
    createdAt: comment.created_at,
    canDelete: comment.can_delete,
    segments: linkifyText(comment.body),
  };
}
