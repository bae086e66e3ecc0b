// Types of talkover-training.js (copied beside it into dist/ by
// scripts/postbuild.mjs): the <talkover-training-form> element, mount(), and
// the events a form dispatches. Checked by tests/e2e/types/ (tsc --noEmit).

/** What a training is, as the API returns it (the detail of `talkover:training-saved`). */
export interface TalkoverTraining {
  id: string;
  subject: string;
  instructions: string;
  current_status: 'active' | 'inactive';
  created_at: string;
  updated_at: string;
  node_id?: string | null;
}

/** Detail of `talkover:validation-failed`: the messages by field (API names). */
export interface TalkoverValidationFailed {
  /** `client`: checked before sending; `server`: the API's 422. */
  source: 'client' | 'server';
  errors: Record<string, string[]>;
}

/** Detail of `talkover:request-failed`. */
export interface TalkoverRequestFailed {
  /** The HTTP status, or null when there was no response. */
  status: number | null;
  /** The sentence the form shows. */
  message: string;
}

/** Options of mount(), and of its update() (where each is optional and the others stay). */
export interface TalkoverMountOptions {
  /** The API base URL: https, or http on loopback. Default https://app.talkover.ai. */
  apiBase?: string | null;
  /** The agent, prefilled. */
  agentId?: string | null;
  /** The status preselected for a new training. */
  status?: 'active' | 'inactive' | null;
  /** Show the agent workspace (list, edit, delete, publish) around the form. */
  workspace?: boolean;
  /** Show the agent id read-only. */
  lockAgent?: boolean;
}

export interface TalkoverMounted {
  /** Changes some options; the others stay. A new agent or API base mounts the form again (each agent keeps its draft). */
  update(options: TalkoverMountOptions): void;
  /** Ends the instance: its view, listeners, timers and requests. */
  unmount(): void;
}

/** Mounts the form into `element`, which the caller owns (it is not watched: call unmount()). */
export function mount(element: HTMLElement, options?: TalkoverMountOptions): TalkoverMounted;

/**
 * `<talkover-training-form api-base="…" agent-id="…" status="inactive" workspace lock-agent>`:
 * mounts when connected, unmounts when removed, follows its attributes.
 */
export interface TalkoverTrainingFormElement extends HTMLElement {
  /** `api-base` */
  apiBase: string | null;
  /** `agent-id` */
  agentId: string | null;
  /** `status` */
  status: string | null;
  /** `workspace` (a boolean attribute) */
  workspace: boolean;
  /** `lock-agent` (a boolean attribute) */
  lockAgent: boolean;
}

/** The events, bubbling and composed, with their details. */
export interface TalkoverEventMap {
  'talkover:training-saved': CustomEvent<TalkoverTraining>;
  'talkover:validation-failed': CustomEvent<TalkoverValidationFailed>;
  'talkover:request-failed': CustomEvent<TalkoverRequestFailed>;
}

declare global {
  interface HTMLElementTagNameMap {
    'talkover-training-form': TalkoverTrainingFormElement;
  }
  interface DocumentEventMap extends TalkoverEventMap {}
  interface HTMLElementEventMap extends TalkoverEventMap {}
  interface WindowEventMap extends TalkoverEventMap {}
}
