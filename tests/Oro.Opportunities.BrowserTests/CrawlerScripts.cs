namespace Oro.Opportunities.BrowserTests;

/// <summary>
/// The scripts the crawler runs in the page. Each answers JSON text (read with System.Text.Json), and
/// marks the elements the test then drives with Playwright: data-crawl-form (the form), data-crawl-open
/// (what to click, in order, to show it: a dropdown toggle, a collapse toggle, a modal's button, a summary),
/// data-crawl-submit (its submit control) and data-crawl-fill (its required fields left empty).
/// </summary>
internal static class CrawlerScripts
{
    /// <summary>Shared helpers: what a form may not be submitted for, its submit controls, a CSS-ish path.</summary>
    private const string Helpers = """
        const skipWords = ['/delete', '/logout', '/deactivate', '/disable', '/reset-password', '/export', '/download', '.csv', 'schema.json'];
        const risky = url => { const u = (url || '').toLowerCase(); return skipWords.find(w => u.includes(w)) || null; };
        const submitters = f => {
            const own = [...f.querySelectorAll('button, input[type=submit], input[type=image]')].filter(b => b.form === f && (b.type === 'submit' || b.type === 'image'));
            const outside = f.id ? [...document.querySelectorAll('[form="' + CSS.escape(f.id) + '"]')].filter(b => !f.contains(b) && (b.type === 'submit' || b.type === 'image')) : [];
            return [...own, ...outside];
        };
        const usable = b => !b.hasAttribute('data-confirm') && !risky(b.getAttribute('formaction'));
        const text = e => (e.innerText || e.value || e.getAttribute('aria-label') || e.title || '').replace(/\s+/g, ' ').trim().slice(0, 40);
        // The box that hides the part of el a user would need (overflow hidden or clip, or auto/scroll with nothing
        // to scroll in that direction), or null; scrollers: the boxes that a user scrolls to bring el into view.
        const clipOf = el => {
            const r = el.getBoundingClientRect();
            for (let a = el.parentElement; a && a !== document.documentElement && a !== document.body; a = a.parentElement) {
                const style = getComputedStyle(a);
                if (style.overflowX === 'visible' && style.overflowY === 'visible') { continue; }
                const box = a.getBoundingClientRect();
                const below = r.bottom > box.bottom + 1 || r.top < box.top - 1;
                const beside = r.right > box.right + 1 || r.left < box.left - 1;
                if (!below && !beside) { continue; }
                const scrollsY = ['auto', 'scroll'].includes(style.overflowY) && a.scrollHeight > a.clientHeight;
                const scrollsX = ['auto', 'scroll'].includes(style.overflowX) && a.scrollWidth > a.clientWidth;
                if ((!below || scrollsY) && (!beside || scrollsX)) { return { scroller: a }; }
                return { cut: a, overflow: below ? style.overflowY : style.overflowX, at: Math.round(below ? r.bottom : r.right), edge: Math.round(below ? box.bottom : box.right) };
            }
            return {};
        };
        const pathOf = el => {
            const parts = [];
            for (let e = el; e && e !== document.body && e !== document.documentElement && parts.length < 6; e = e.parentElement) {
                let part = e.tagName.toLowerCase();
                if (e.id) { parts.unshift(part + '#' + e.id); break; }
                const classes = [...e.classList].filter(c => !/^(show|active|fade|collapsed|d-|p[xytbse]?-|m[xytbse]?-|g-|gap-|col-|align-|justify-|text-(muted|end|start|center)$|small$|fw-|flex-)/.test(c)).slice(0, 2);
                if (classes.length) { part += '.' + classes.join('.'); }
                for (const a of ['data-col', 'data-testid', 'name']) { if (e.hasAttribute(a)) { part += '[' + a + '=' + e.getAttribute(a) + ']'; break; } }
                const same = e.parentElement ? [...e.parentElement.children].filter(s => s.tagName === e.tagName) : [];
                if (same.length > 1 && !e.id) { part += ':nth-of-type(' + (same.indexOf(e) + 1) + ')'; }
                parts.unshift(part);
            }
            return parts.join(' > ');
        };
        """;

    /// <summary>Every link's absolute address (downloads left out); the map keeps the app's own.</summary>
    public const string Links = "() => JSON.stringify([...document.querySelectorAll('a[href]')].filter(a => !a.hasAttribute('download')).map(a => a.href))";

    /// <summary>The page's forms: index, action, method, what they are and why one is not submitted.</summary>
    public const string Forms = "() => {" + Helpers + """
            return JSON.stringify([...document.forms].map((f, index) => {
                const action = f.getAttribute('action') ?? '';
                const all = submitters(f);
                const first = all.find(usable);
                let skip = null;
                if (f.hasAttribute('data-confirm')) { skip = 'asks for confirmation (data-confirm)'; }
                else if (risky(action)) { skip = 'its action contains ' + risky(action); }
                else if (f.querySelector('input[type=file]')) { skip = 'uploads a file'; }
                else if (!first) { skip = all.length ? 'its submit buttons delete or ask for confirmation' : 'it has no submit button (scripts submit it)'; }
                return { index, action, method: (f.getAttribute('method') || 'get').toLowerCase(), skip, submit: first ? text(first) : '', path: pathOf(f) };
            }));
        }
        """;

    /// <summary>
    /// Marks the form (by index, or the first form a selector finds) and what shows and submits it. Answers
    /// { error } when the form is gone, { hiddenBy } when nothing on the page shows it, else { openers, submit }.
    /// </summary>
    public const string Prepare = "([index, selector, expected]) => {" + Helpers + """
            for (const e of document.querySelectorAll('[data-crawl-form],[data-crawl-open],[data-crawl-submit],[data-crawl-fill]')) {
                ['data-crawl-form', 'data-crawl-open', 'data-crawl-submit', 'data-crawl-fill'].forEach(a => e.removeAttribute(a));
            }
            let form = selector ? document.querySelector(selector) : document.forms[index];
            if (form && expected !== null && (form.getAttribute('action') ?? '') !== expected) {
                form = [...document.forms].find(f => (f.getAttribute('action') ?? '') === expected) || null;
            }
            if (!form) { return JSON.stringify({ error: 'the form is not on the page any more' }); }
            const submit = submitters(form).find(usable);
            if (!submit) { return JSON.stringify({ error: 'the form has no usable submit button' }); }
            form.setAttribute('data-crawl-form', '');
            submit.setAttribute('data-crawl-submit', '');
            const hiddenAncestor = el => {
                for (let a = el.parentElement; a; a = a.parentElement) {
                    if (a.tagName === 'DETAILS' && !a.open && !(el.tagName === 'SUMMARY' && el.parentElement === a)) { return a; }
                    if (getComputedStyle(a).display === 'none') { return a; }
                }
                return null;
            };
            const openerOf = h => {
                if (h.tagName === 'DETAILS') { return h.querySelector(':scope > summary'); }
                if (h.classList.contains('dropdown-menu')) { return h.parentElement && h.parentElement.querySelector(':scope > [data-bs-toggle=dropdown]'); }
                if (h.id) {
                    const id = CSS.escape(h.id);
                    return document.querySelector('[data-bs-toggle][data-bs-target="#' + id + '"], [data-bs-toggle][href="#' + id + '"]');
                }
                return null;
            };
            const plan = (el, depth) => {
                const h = hiddenAncestor(el);
                if (!h) { return []; }
                const o = depth < 5 ? openerOf(h) : null;
                if (!o) { return { hiddenBy: pathOf(h) }; }
                const outer = plan(o, depth + 1);
                return Array.isArray(outer) ? [...outer, o] : outer;
            };
            const steps = plan(submit, 0);
            if (!Array.isArray(steps)) { return JSON.stringify(steps); }
            steps.forEach((o, i) => o.setAttribute('data-crawl-open', String(i)));
            return JSON.stringify({ openers: steps.length, submit: text(submit), disabled: submit.disabled });
        }
        """;

    /// <summary>Whether the marked submit button is cut off by a box a user cannot scroll (Playwright scrolls even those): a text saying so, or null.</summary>
    public const string Unreachable = "() => {" + Helpers + """
            const b = document.querySelector('[data-crawl-submit]');
            const clip = clipOf(b);
            return clip.cut ? 'it is cut off by ' + pathOf(clip.cut) + ' (overflow ' + clip.overflow + '): it ends at ' + clip.at + ' px, the box at ' + clip.edge + ' px, and nothing scrolls to it' : null;
        }
        """;

    /// <summary>
    /// Marks the marked form's required, visible fields that are empty and answers what to put in each:
    /// a short valid value for text, the first non-empty option of a select, a tick for a box.
    /// </summary>
    public const string Fill = """
        (n) => {
            const form = document.querySelector('[data-crawl-form]');
            const out = [];
            const radios = new Set();
            const today = new Date().toISOString().slice(0, 10);
            const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
            const fits = (e, v) => {
                if (!e.pattern) { return true; }
                try { return new RegExp('^(?:' + e.pattern + ')$', 'v').test(v); } catch { return true; }
            };
            const valueFor = (e, type) => {
                switch (type) {
                    case 'email': return 'crawler' + n + '@example.com';
                    case 'number': case 'range': {
                        let v = e.min !== '' ? Number(e.min) : 1;
                        if (e.max !== '' && v > Number(e.max)) { v = Number(e.max); }
                        return String(v);
                    }
                    case 'date': return e.min && e.min > today ? e.min : (e.max && e.max < today ? e.max : today);
                    case 'datetime-local': return today + 'T09:00';
                    case 'time': return '09:00';
                    case 'month': return today.slice(0, 7);
                    case 'url': return 'https://example.com/crawler-' + n;
                    case 'tel': return '+1 555 0100';
                    case 'password': return 'Crawler-password-' + n + '!';
                    case 'color': case 'week': return null;
                    default: {
                        const candidates = ['Crawler ' + n, 'crawler_' + n, 'crawler' + n, 'CRAWLER' + n, String(n)];
                        let v = candidates.find(c => fits(e, c)) || candidates[0];
                        if (e.maxLength > 0 && v.length > e.maxLength) { v = v.slice(0, e.maxLength); }
                        if (e.minLength > v.length) { v = v.padEnd(e.minLength, 'x'); }
                        return v;
                    }
                }
            };
            for (const e of form.elements) {
                const tag = e.tagName.toLowerCase();
                const type = (e.type || '').toLowerCase();
                if (e.disabled || ['hidden', 'submit', 'button', 'reset', 'image', 'file'].includes(type) || ['fieldset', 'output', 'object'].includes(tag)) { continue; }
                const required = e.required || e.getAttribute('aria-required') === 'true' || e.hasAttribute('data-val-required');
                if (!required || !shown(e)) { continue; }
                let kind = 'fill';
                let value = '';
                if (tag === 'select') {
                    if (e.value !== '') { continue; }
                    const option = [...e.options].find(o => o.value !== '' && !o.disabled);
                    if (!option) { continue; }
                    kind = 'select';
                    value = option.value;
                } else if (type === 'checkbox') {
                    if (e.checked) { continue; }
                    kind = 'check';
                } else if (type === 'radio') {
                    if (radios.has(e.name)) { continue; }
                    radios.add(e.name);
                    if (form.querySelector('input[type=radio][name="' + CSS.escape(e.name) + '"]:checked')) { continue; }
                    kind = 'check';
                } else {
                    if (e.readOnly || e.value.trim() !== '') { continue; }
                    value = valueFor(e, type);
                    if (value === null) { continue; }
                }
                e.setAttribute('data-crawl-fill', String(out.length));
                out.push({ kind, value, name: e.name || e.id || tag });
            }
            return JSON.stringify(out);
        }
        """;

    /// <summary>
    /// The layout checks over the page (or one open dialog, by its id), answering [{ check, path, detail }]:
    /// header: a visible table header cell narrower than its longest word (measured on a canvas in the cell's font);
    /// overflow: an element whose text overflows its box sideways (scrollWidth &gt; clientWidth + 1) unless it cuts
    /// the text on purpose (text-overflow: ellipsis, with a title giving the whole text) or scrolls (overflow-x auto/scroll);
    /// broken-word: a word of letters broken over two lines (the box is too narrow for it);
    /// wrapped-amount: an amount or percentage ("USD 571.39 K", "80 %") split over two lines;
    /// cut-badge: a badge (a status, a state) whose label is cut, even with an ellipsis and a title: a label is read whole.
    /// </summary>
    public const string Layout = "(rootId) => {" + Helpers + """
            const root = rootId ? document.getElementById(rootId) : document.body;
            const out = [];
            const shown = e => e.checkVisibility({ visibilityProperty: true }) && e.getClientRects().length > 0;
            const screenReaderOnly = e => !!e.closest('.visually-hidden, .visually-hidden-focusable, .sr-only');
            const skipped = e => !shown(e) || screenReaderOnly(e) || (!rootId && e.closest('.modal'));
            const snippet = t => { const s = t.replace(/\s+/g, ' ').trim(); return s.length > 50 ? s.slice(0, 47) + '...' : s; };
            const context = document.createElement('canvas').getContext('2d');
            const widthOf = (word, style) => {
                context.font = style.font;
                context.letterSpacing = style.letterSpacing === 'normal' ? '0px' : style.letterSpacing;
                const shaped = style.textTransform === 'uppercase' ? word.toUpperCase() : style.textTransform === 'lowercase' ? word.toLowerCase()
                    : style.textTransform === 'capitalize' ? word.charAt(0).toUpperCase() + word.slice(1) : word;
                return context.measureText(shaped).width;
            };
            const texts = el => {
                const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
                const all = [];
                for (let t = walker.nextNode(); t; t = walker.nextNode()) {
                    if (t.data.trim() && t.parentElement && !skipped(t.parentElement)) { all.push(t); }
                }
                return all;
            };

            for (const th of root.querySelectorAll('th')) {
                if (skipped(th)) { continue; }
                const style = getComputedStyle(th);
                const room = th.getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - parseFloat(style.borderLeftWidth) - parseFloat(style.borderRightWidth);
                let longest = 0;
                let word = '';
                for (const t of texts(th)) {
                    const parentStyle = getComputedStyle(t.parentElement);
                    for (const w of t.data.split(/\s+/).filter(Boolean)) {
                        const width = widthOf(w, parentStyle);
                        if (width > longest) { longest = width; word = w; }
                    }
                }
                if (longest > room + 0.1) {
                    out.push({ check: 'header', path: pathOf(th), detail: '"' + word + '" needs ' + Math.ceil(longest) + ' px, the header cell has ' + Math.max(0, Math.floor(room)) + ' px' });
                }
            }

            const controls = new Set(['INPUT', 'SELECT', 'TEXTAREA', 'OPTION', 'SCRIPT', 'STYLE', 'CANVAS', 'IMG', 'SVG', 'IFRAME']);
            const range = document.createRange();
            // The text laid out in el's own lines: its text nodes and those of inline-level descendants that do not
            // clip their own overflow (one that does is judged by itself).
            const ownTexts = (el, found) => {
                for (const n of el.childNodes) {
                    if (n.nodeType === Node.TEXT_NODE && n.data.trim()) { found.push(n); }
                    if (n.nodeType !== Node.ELEMENT_NODE || controls.has(n.tagName.toUpperCase()) || screenReaderOnly(n)) { continue; }
                    const style = getComputedStyle(n);
                    if (style.display.startsWith('inline') && style.overflowX === 'visible') { ownTexts(n, found); }
                }
                return found;
            };
            for (const el of root.querySelectorAll('*')) {
                if (controls.has(el.tagName.toUpperCase()) || el.closest('svg')) { continue; }
                if (el.scrollWidth <= el.clientWidth + 1) { continue; }
                const style = getComputedStyle(el);
                if (style.display === 'inline' || style.display === 'contents' || style.display === 'none') { continue; }
                if (style.overflowX === 'auto' || style.overflowX === 'scroll') { continue; }
                if (skipped(el)) { continue; }
                const box = el.getBoundingClientRect();
                const left = box.left + el.clientLeft;
                const right = left + el.clientWidth;
                let needs = 0;
                let over = false;
                for (const t of ownTexts(el, [])) {
                    range.selectNodeContents(t);
                    for (const r of range.getClientRects()) {
                        if (r.width === 0) { continue; }
                        needs = Math.max(needs, r.right - left);
                        over = over || r.right > right + 1 || r.left < left - 1;
                    }
                }
                if (!over) { continue; }
                const ellipsis = style.textOverflow === 'ellipsis';
                if (ellipsis && el.closest('[title]')) { continue; }
                out.push({ check: 'overflow', path: pathOf(el), detail: '"' + snippet(el.innerText) + '" needs ' + Math.ceil(needs) + ' px, its box has ' + el.clientWidth + ' px' + (ellipsis ? ' (cut with an ellipsis, but no title gives the whole text)' : '') });
            }

            const lines = rects => {
                const tops = [];
                for (const r of rects) { if (r.width > 0 && !tops.some(t => Math.abs(t - r.top) < r.height / 2)) { tops.push(r.top); } }
                return tops.length;
            };
            const reported = new Set();
            for (const t of texts(root)) {
                const style = getComputedStyle(t.parentElement);
                if (style.whiteSpace === 'nowrap' || style.whiteSpace === 'pre') { continue; }
                const words = /\S+/g;
                for (let m = words.exec(t.data); m; m = words.exec(t.data)) {
                    if (m[0].length < 3 || !/^[\p{L}\p{N}'’]+[.,;:!?)]*$/u.test(m[0]) || !/\p{L}/u.test(m[0])) { continue; }
                    range.setStart(t, m.index);
                    range.setEnd(t, m.index + m[0].length);
                    if (lines(range.getClientRects()) > 1 && !reported.has(t.parentElement)) {
                        reported.add(t.parentElement);
                        out.push({ check: 'broken-word', path: pathOf(t.parentElement), detail: '"' + m[0] + '" is broken over two lines' });
                    }
                }
            }

            for (const badge of root.querySelectorAll('.badge')) {
                if (badge.scrollWidth > badge.clientWidth + 1 && !skipped(badge)) {
                    out.push({ check: 'cut-badge', path: pathOf(badge), detail: '"' + snippet(badge.textContent) + '" needs ' + badge.scrollWidth + ' px, the badge has ' + badge.clientWidth + ' px' });
                }
            }

            // A label and its value side by side: a <dt> whose <dd> wraps to the next line reads as the next label's value.
            for (const dt of root.querySelectorAll('dl dt')) {
                const dd = dt.nextElementSibling;
                if (!dd || dd.tagName !== 'DD' || skipped(dt) || getComputedStyle(dt.parentElement).display !== 'flex') { continue; }
                const a = dt.getBoundingClientRect(), b = dd.getBoundingClientRect();
                const row = dt.parentElement.getBoundingClientRect();
                if (a.width > 0 && b.width > 0 && a.width < row.width * 0.9 && Math.abs(b.top - a.top) > 2) {
                    out.push({ check: 'label-apart', path: pathOf(dd), detail: '"' + snippet(dt.textContent) + '" is on one line and its value on the next' });
                }
            }

            const amount = /^(?:(?:[A-Z]{3}|[$€£¥])\s?)?[-−]?\d[\d,.\u00a0\u202f ]*(?:\s?[KMB])?(?:\s?%)?$/;
            for (const el of root.querySelectorAll('*')) {
                if (controls.has(el.tagName.toUpperCase()) || el.closest('svg')) { continue; }
                const value = el.textContent.replace(/\s+/g, ' ').trim();
                if (!value || value.length > 24 || !amount.test(value)) { continue; }
                if ([...el.children].some(c => c.textContent.replace(/\s+/g, ' ').trim() === value)) { continue; }
                if (skipped(el)) { continue; }
                range.selectNodeContents(el);
                const count = lines(range.getClientRects());
                if (count > 1) {
                    out.push({ check: 'wrapped-amount', path: pathOf(el), detail: '"' + value + '" is split over ' + count + ' lines' });
                }
            }
            return JSON.stringify(out);
        }
        """;

    /// <summary>The page's dialogs: modals with content (by id, with the button that opens one if any) and the workflow transitions (one per transition).</summary>
    public const string Dialogs = """
        () => {
            const modals = [...document.querySelectorAll('.modal[id]')]
                .filter(m => m.querySelector('.modal-content') && m.querySelector('.modal-content').children.length > 0)
                .map(m => m.id);
            const seen = new Set();
            const transitions = [...document.querySelectorAll('a[data-workflow-form]')].filter(a => {
                const key = a.getAttribute('data-transition') || a.getAttribute('href');
                if (seen.has(key)) { return false; }
                seen.add(key);
                return true;
            }).map(a => a.getAttribute('href'));
            return JSON.stringify({ modals, transitions });
        }
        """;

    /// <summary>
    /// dialog: the open modal's footer buttons and submit buttons are inside the viewport, or a container
    /// the user can scroll (overflow auto/scroll) brings them there; none is cut off by a box that hides
    /// its overflow.
    /// </summary>
    public const string DialogButtons = "(id) => {" + Helpers + """
            const modal = document.getElementById(id);
            const out = [];
            const buttons = new Set([...modal.querySelectorAll('.modal-footer button, .modal-footer a.btn, .modal-footer input[type=submit], button[type=submit], input[type=submit]')]
                .filter(b => b.getClientRects().length > 0));
            const vw = document.documentElement.clientWidth;
            const vh = document.documentElement.clientHeight;
            for (const b of buttons) {
                const r = b.getBoundingClientRect();
                const clip = clipOf(b);
                if (clip.cut) {
                    out.push({ check: 'dialog', path: pathOf(b), detail: '"' + text(b) + '" is cut off by ' + pathOf(clip.cut) + ' (overflow ' + clip.overflow + ', nothing scrolls to it): the button ends at ' + clip.at + ' px, the box at ' + clip.edge + ' px (viewport ' + vw + ' x ' + vh + ')' });
                } else if (!clip.scroller && (r.bottom > vh + 1 || r.top < -1 || r.right > vw + 1 || r.left < -1)) {
                    out.push({ check: 'dialog', path: pathOf(b), detail: '"' + text(b) + '" is outside the ' + vw + ' x ' + vh + ' viewport and nothing scrolls to it' });
                }
            }
            return JSON.stringify(out);
        }
        """;
}
