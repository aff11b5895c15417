// html.ts (node): HTML that is safe by construction. The `html` tagged template escapes every
// value it interpolates, unless the value is itself Html; serve() sends Html as text/html and a
// plain string as text/plain, so only HTML that was meant as HTML is ever served as HTML.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes `&`, `<`, `>`, `"` and `'`, so that `text` reads as text in HTML content and in quoted attributes. */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * A piece of HTML. Made by the `html` template (its values escaped), or with `new Html(trusted)`
 * for markup you trust (it is sent as it is).
 * @example
 * const page = html`<p>${userInput}</p>`; // userInput escaped
 * const trusted = new Html('<hr>');        // taken as is
 */
export class Html {
  constructor(readonly html: string) {
    if (typeof html !== 'string') throw new TypeError(`Html: expected a string, got ${typeof html}`);
  }
  toString(): string {
    return this.html;
  }
}

function render(v: unknown): string {
  if (v instanceof Html) return v.html;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeHtml(String(v));
}

/**
 * The `html` tagged template: interpolated values are escaped (Html values are kept, arrays are
 * joined, and `null`, `undefined` and `false` render as nothing). serve() sends the result as
 * `text/html; charset=utf-8`.
 * @example
 * 'GET /hello/{name}': function* (req) { return html`<h1>hello, ${req.params.name}!</h1>`; }
 * html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}
