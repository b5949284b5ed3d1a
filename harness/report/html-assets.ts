/**
 * The style and script report.html carries inline (it opens from disk and loads nothing). Japanese
 * titles of the verification list get a CJK font list, so a browser without a default Japanese
 * font still finds one (Noto/Source Han on Linux, Hiragino on macOS, Yu Gothic/Meiryo on Windows).
 */
const CJK_FONTS =
  '"Noto Sans CJK JP","Noto Sans JP","Source Han Sans JP","Hiragino Sans","Hiragino Kaku Gothic ProN","Yu Gothic","YuGothic","Meiryo","IPAexGothic","IPAGothic","TakaoGothic"';

export const REPORT_STYLE = `
.deviation-t{color:#6639ba}.badge.deviation{background:#6639ba}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,${CJK_FONTS},sans-serif;margin:0 auto;max-width:1100px;padding:.5em 1em;color:#222}
:lang(ja),.ja{font-family:${CJK_FONTS},system-ui,sans-serif}
header{border-bottom:2px solid #ddd}h1{font-size:1.3em;margin:.3em 0}header p{margin:.3em 0}
.totals span{display:inline-block;margin-right:1.2em;font-weight:600}
.passed-t{color:#1a7f37}.failed-t{color:#cf222e}.error-t{color:#9a6700}.skipped-t{color:#666}.warnings-t{color:#bc4c00}.known-deviation-t{color:#8250df}
#controls{position:sticky;top:0;z-index:1;background:#fff;border-bottom:1px solid #ddd;padding:.4em 0;display:flex;flex-wrap:wrap;gap:.4em 1em;align-items:center}
#controls input[type=search]{flex:1;min-width:14em;padding:.2em .4em}#shown{color:#555;font-size:.9em}
#failures{border-left:6px solid #cf222e;background:#fff5f5;padding:.1em 1em;margin:.6em 0}#failures.ok-box{border-color:#1a7f37;background:#f3faf4}
#failures h2{margin:.3em 0}#failures ol,#warnings ol{margin:.2em 0;padding-left:1.6em}#failures li{margin:.2em 0}
#warnings{border-left:6px solid #bc4c00;background:#fff8f0;padding:.3em 1em;margin:.6em 0}
section.item{border-left:6px solid #ccc;padding:.2em 1em;margin:1.2em 0;background:#fafafa}
section.item.passed{border-color:#1a7f37}section.item.failed{border-color:#cf222e}section.item.partial{border-color:#9a6700}
section.item.uncovered{font-size:.9em}section.item.uncovered ul{margin:.2em 0;padding-left:1.2em}
h2{font-size:1.1em;margin:.5em 0}.id{font-family:monospace;background:#eee;padding:0 .3em}.ja{color:#555;margin:0 0 .5em}
details.scenario{background:#fff;border:1px solid #ddd;margin:.4em 0;padding:.3em .6em;scroll-margin-top:4em}
summary{cursor:pointer}.badge{display:inline-block;min-width:4.5em;text-align:center;border-radius:3px;color:#fff;font-size:.85em;margin-right:.5em;padding:0 .3em}
.badge.passed{background:#1a7f37}.badge.failed{background:#cf222e}.badge.error{background:#9a6700}.badge.skipped{background:#888}.badge.known-deviation{background:#8250df}
table{border-collapse:collapse;width:100%;margin:.4em 0}td,th{border-bottom:1px solid #eee;padding:.2em .4em;text-align:left;vertical-align:top}
th{font-weight:600;font-size:.9em;color:#444}
td.ok{color:#1a7f37}td.bad{color:#cf222e;font-weight:600}td.warn{color:#bc4c00;font-weight:600}
code,pre{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.9em}pre{white-space:pre-wrap;margin:0}
.bar{background:#e8eef7;height:1em;position:relative;min-width:12em;border-left:1px solid #666}.bar>div{background:#4a78c2;height:100%}
.axis{display:flex;justify-content:space-between;font-size:.75em;color:#555;min-width:12em;border-top:1px solid #666}
.none{color:#888;font-style:italic}figure.series{margin:.4em 0}figure.series svg{background:#f6f8fb}figcaption{font-size:.9em;color:#444}
[hidden]{display:none!important}
`;

/**
 * The status filter and the text search: a scenario (and a matrix row) is shown when its status
 * is ticked, it has warnings if "only with warnings" is ticked, and its text contains every word
 * searched for; an item with no scenario left shown is hidden. Following a link to a hidden or
 * closed scenario clears the filter and opens it.
 */
export const REPORT_SCRIPT = `
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[data-filter-status]'));
  var warnOnly = document.getElementById('warnings-only');
  var search = document.getElementById('search');
  var shown = document.getElementById('shown');
  var scenarios = Array.prototype.slice.call(document.querySelectorAll('details.scenario'));
  var rows = Array.prototype.slice.call(document.querySelectorAll('section.matrix tr[data-status]'));
  var texts = new Map(scenarios.map(function (d) { return [d, d.textContent.toLowerCase()]; }));
  function visible(el, text) {
    var on = boxes.some(function (b) { return b.checked && b.getAttribute('data-filter-status') === el.getAttribute('data-status'); });
    if (!on) return false;
    if (warnOnly.checked && !(Number(el.getAttribute('data-warnings')) > 0)) return false;
    var words = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
    return words.every(function (w) { return text.indexOf(w) >= 0; });
  }
  function apply() {
    var ids = new Set();
    var all = new Set();
    scenarios.forEach(function (d) {
      var ok = visible(d, texts.get(d));
      d.hidden = !ok;
      all.add(d.getAttribute('data-id'));
      if (ok) ids.add(d.getAttribute('data-id'));
    });
    rows.forEach(function (r) { r.hidden = !visible(r, r.textContent.toLowerCase()); });
    document.querySelectorAll('section.item').forEach(function (s) {
      var list = s.querySelectorAll('details.scenario');
      if (list.length) s.hidden = !Array.prototype.some.call(list, function (d) { return !d.hidden; });
      else if (s.classList.contains('matrix')) s.hidden = !Array.prototype.some.call(s.querySelectorAll('tr[data-status]'), function (r) { return !r.hidden; });
      else s.hidden = boxes.some(function (b) { return !b.checked; }) || warnOnly.checked || search.value.trim() !== '';
    });
    shown.textContent = ids.size + ' of ' + all.size + ' scenarios shown';
  }
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el || el.tagName !== 'DETAILS') return;
    if (el.hidden) {
      boxes.forEach(function (b) { b.checked = true; });
      warnOnly.checked = false;
      search.value = '';
      apply();
    }
    el.open = true;
    el.scrollIntoView();
  }
  boxes.concat([warnOnly]).forEach(function (b) { b.addEventListener('change', apply); });
  search.addEventListener('input', apply);
  window.addEventListener('hashchange', reveal);
  apply();
  reveal();
})();
`;
