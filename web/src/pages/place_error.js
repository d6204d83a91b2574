// A service's refusal beside the control it names. The services say which
// field they refuse ("filing.actuals[1].deviation_reason: … is required");
// controls carry a data-path. `toPath` turns the service's path into the
// page's (a filing sends only the indicators filled, so actuals[1] is the
// second one sent, not the second on the form); the nearest parent path
// that has a control takes the note when the field itself has none.
// INVALID_ARGUMENT and FAILED_PRECONDITION (a submit refused for a missing
// field) both name their field this way.
import {h} from '../dom.js';

export function splitPath(message) {
  const m = /^([A-Za-z_][\w.[\]-]*): ([\s\S]*)$/.exec(message || '');
  return m ? {path: m[1], text: m[2]} : null;
}

export function clearFieldErrors(container) {
  for (const old of container.querySelectorAll('.field-error')) old.remove();
  for (const old of container.querySelectorAll('[aria-invalid]')) old.removeAttribute('aria-invalid');
}

// Returns whether the note found a place. The note names the service's
// path, or with `showMapped` the page's (when that is what a person reads).
// `toPath(path, text)` gets the refusal's text too: a refusal of a list as
// a whole may name the item in its words.
export function placeError(container, error, toPath = (p) => p, {showMapped = false} = {}) {
  clearFieldErrors(container);
  if (!error || (error.code !== 'invalid_argument' && error.code !== 'failed_precondition')) return false;
  const split = splitPath(error.message);
  if (!split) return false;
  let path = toPath(split.path, split.text);
  const shown = showMapped ? path : split.path;
  const controls = [...container.querySelectorAll('[data-path]')];
  for (;;) {
    const target = controls.find((el) => el.dataset.path === path);
    if (target) {
      const note = h('span', {class: 'field-error', role: 'alert', id: `err-${Math.random().toString(36).slice(2)}`,
        'data-error-path': shown}, `${shown}：${split.text}`);
      target.setAttribute('aria-invalid', 'true');
      target.setAttribute('aria-describedby', note.id);
      target.insertAdjacentElement('afterend', note);
      target.focus();
      return true;
    }
    const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    if (cut <= 0) return false;
    path = path.slice(0, cut);
  }
}
