// The html tagged template (lib/node/html.ts): HTML whose interpolated values are escaped.
import { describe, expect, it } from 'vitest';
import { escapeHtml, Html, html } from '../../lib/node/index.js';

describe('html``', () => {
  it('escapes every interpolated value, in content and in quoted attributes', () => {
    const evil = `<script>alert("x")</script> & 'q'`;
    const page = html`<p title="${evil}">${evil}</p>`;
    expect(page).toBeInstanceOf(Html);
    expect(page.html).toBe('<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;</p>');
    expect(String(page)).toBe(page.html);
  });

  it('keeps Html values as they are, joins arrays, and renders null, undefined and false as nothing', () => {
    const items = ['a<b', 'c&d'];
    const list = html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`;
    expect(list.html).toBe('<ul><li>a&lt;b</li><li>c&amp;d</li></ul>');
    expect(html`${null}${undefined}${false}${0}${new Html('<hr>')}`.html).toBe('0<hr>');
    expect(escapeHtml('<&>"\'')).toBe('&lt;&amp;&gt;&quot;&#39;');
    expect(() => new Html(42 as never)).toThrow(TypeError);
  });
});
