// DOM building without HTML strings: every text goes in as a text node
// (textContent), so a department named `<img src=x onerror=…>` is shown as
// the text it is. No innerHTML anywhere in the console.

// h('td', {class: 'num'}, '12,669.13'): attributes, then children (strings,
// numbers, nodes, arrays; null and false are skipped). `on*` attributes
// that are functions become listeners.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2), value);
      } else if (key === 'class') {
        el.className = value;
      } else if (key === 'value') {
        el.value = value;
      } else if (key === 'checked' || key === 'disabled' || key === 'selected') {
        el[key] = Boolean(value);
      } else {
        el.setAttribute(key, value === true ? '' : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) {
      append(el, child);
    } else if (child instanceof Node) {
      el.appendChild(child);
    } else {
      el.appendChild(document.createTextNode(String(child)));
    }
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

// A labelled form field: <div class=field><label for=id>…</label>input</div>.
let nextId = 0;
export function field(labelText, input, hint) {
  if (!input.id) input.id = `f${++nextId}`;
  return h('div', {class: 'field'}, h('label', {for: input.id}, labelText), input,
      hint ? h('span', {class: 'muted'}, hint) : null);
}

export function errorBox(error) {
  return h('div', {class: 'error-box', role: 'alert'}, describeError(error));
}

export function describeError(error) {
  if (error && error.chinese) return error.chinese;
  return `出错了：${error && error.message ? error.message : String(error)}`;
}
