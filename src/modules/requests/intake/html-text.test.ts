import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText } from './html-text.js';

describe('HTML to text', () => {
  it('keeps the words, drops scripts, styles and tags, breaks lines at blocks', () => {
    const html =
      '<html><head><style>p{color:red}</style></head><body><p>Viale <b>Isonzo</b> angolo via\n Gorizia</p><p>Cordiali saluti<br>Ufficio Verbali</p><script>alert("x")</script><img src=x onerror=alert(1)></body></html>';
    expect(htmlToText(html)).toBe(
      'Viale Isonzo angolo via Gorizia\n\nCordiali saluti\nUfficio Verbali',
    );
  });

  it('decodes entities once, so encoded markup stays text', () => {
    expect(decodeEntities('luned&igrave; &amp; marted&#236; &#x2013; &lt;script&gt;')).toBe(
      'lunedì & martedì – <script>',
    );
    expect(htmlToText('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>')).toBe(
      '<script>alert(1)</script>',
    );
    expect(htmlToText('<p>testo<script>non chiuso')).toBe('testo');
  });
});
