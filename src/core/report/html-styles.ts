/**
 * The report's stylesheet, inlined into the page (no fonts, images or CDNs: the file must open on an
 * air-gapped laptop). System fonts; colours from a palette that keeps 4.5:1 contrast for text, in light
 * and dark; status always also spelled out in words, never colour alone. Rows are laid out with a grid
 * and `content-visibility` so that 10,000 accounts scroll smoothly.
 */
export const REPORT_CSS = `
:root{color-scheme:light dark;
--bg:#f5f7f9;--fg:#1f2328;--mu:#59636e;--card:#fff;--line:#d8dee4;--soft:#eef1f4;--ac:#0969da;--sh:0 1px 2px rgba(31,35,40,.06),0 1px 3px rgba(31,35,40,.06);
--ok:#1a7f37;--ok-bg:#e6f6ea;--nc:#c21d2a;--nc-bg:#ffebe9;--er:#8a5a00;--er-bg:#fff4d1;--sk:#57606a;--sk-bg:#eef1f4;
--ok-a:#2da44e;--nc-a:#cf222e;--er-a:#d4a72c;--sk-a:#8c959f;
--mono:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono","DejaVu Sans Mono",monospace}
@media (prefers-color-scheme:dark){:root{
--bg:#0d1117;--fg:#e6edf3;--mu:#9198a1;--card:#161b22;--line:#30363d;--soft:#1c2128;--ac:#4493f8;--sh:none;
--ok:#3fb950;--ok-bg:rgba(46,160,67,.16);--nc:#ff7b72;--nc-bg:rgba(248,81,73,.16);--er:#e3b341;--er-bg:rgba(187,128,9,.18);--sk:#9198a1;--sk-bg:rgba(110,118,129,.18);
--ok-a:#2ea043;--nc-a:#f85149;--er-a:#d29922;--sk-a:#6e7681}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif}
code,.i{font-family:var(--mono);font-size:.92em}
.wrap{max-width:1240px;margin:0 auto;padding:24px 24px 48px}
.mu{color:var(--mu)}
header.top{display:flex;flex-wrap:wrap;align-items:flex-end;justify-content:space-between;gap:8px 24px;margin-bottom:20px}
.eyebrow{margin:0 0 2px;font-size:12px;font-weight:600;letter-spacing:.06em;text-transform:uppercase;color:var(--mu)}
h1{margin:0;font-size:26px;line-height:1.25;font-weight:650;letter-spacing:-.01em}
h1 code{font-size:.8em;font-weight:500;color:var(--mu)}
.sub{margin:4px 0 0;color:var(--mu)}
.verdict{padding:6px 12px;border-radius:999px;font-weight:600;font-size:13px;border:1px solid}
.verdict.bad{color:var(--nc);background:var(--nc-bg);border-color:currentColor}
.verdict.warn{color:var(--er);background:var(--er-bg);border-color:currentColor}
.verdict.good{color:var(--ok);background:var(--ok-bg);border-color:currentColor}
.cards{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:12px;margin-bottom:12px}
.card{all:unset;box-sizing:border-box;cursor:pointer;display:block;background:var(--card);border:1px solid var(--line);border-top:4px solid var(--ka);border-radius:10px;padding:14px 16px;box-shadow:var(--sh)}
.card:hover{border-color:var(--k)}
.card:focus-visible,.seg button:focus-visible,.btn:focus-visible,input:focus-visible,summary:focus-visible{outline:2px solid var(--ac);outline-offset:2px}
.card[aria-pressed=true]{background:var(--kb);border-color:var(--k)}
.card .l{display:flex;align-items:center;gap:6px;font-weight:600;color:var(--k)}
.card .v{display:block;font-size:32px;font-weight:700;line-height:1.15;margin-top:4px;font-variant-numeric:tabular-nums}
.card .pc{color:var(--mu);font-size:13px}
.k-compliant{--k:var(--ok);--kb:var(--ok-bg);--ka:var(--ok-a)}.k-non_compliant{--k:var(--nc);--kb:var(--nc-bg);--ka:var(--nc-a)}.k-error{--k:var(--er);--kb:var(--er-bg);--ka:var(--er-a)}.k-skipped{--k:var(--sk);--kb:var(--sk-bg);--ka:var(--sk-a)}
.ico{display:inline-grid;place-items:center;width:18px;height:18px;border-radius:50%;background:var(--ka);color:var(--card);font-size:11px;font-weight:800;line-height:1}
.bar{display:flex;height:8px;border-radius:4px;overflow:hidden;background:var(--soft);margin-bottom:20px}
.bar span{display:block;height:100%}
.panel{background:var(--card);border:1px solid var(--line);border-radius:10px;box-shadow:var(--sh);margin-bottom:16px}
.panel>summary{cursor:pointer;padding:10px 16px;font-weight:600;list-style:none;display:flex;align-items:center;gap:8px}
.panel>summary::-webkit-details-marker,.ou>summary::-webkit-details-marker,.a>summary::-webkit-details-marker{display:none}
.panel>summary::before,.ou>summary::before,.a>summary::before{content:"";width:6px;height:6px;border:solid var(--mu);border-width:0 2px 2px 0;transform:rotate(-45deg);transition:transform .12s;flex:none;margin-right:2px}
.panel[open]>summary::before,.ou[open]>summary::before,.a[open]>summary::before{transform:rotate(45deg)}
.meta{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:10px 24px;margin:0;padding:4px 16px 16px}
.meta div{min-width:0}
.meta .wide{grid-column:span 2}
.meta dt{font-size:12px;color:var(--mu);text-transform:uppercase;letter-spacing:.04em;font-weight:600}
.meta dd{margin:0;overflow-wrap:anywhere}
.note{margin:0 0 16px;padding:10px 14px;border-radius:8px;border:1px solid var(--line);background:var(--card)}
.note.bad{border-color:var(--nc);background:var(--nc-bg)}
.filters{position:sticky;top:0;z-index:5;display:flex;flex-wrap:wrap;align-items:center;gap:8px 12px;padding:10px 0;margin-bottom:8px;background:var(--bg);border-bottom:1px solid var(--line)}
.seg{display:inline-flex;flex-wrap:wrap;border:1px solid var(--line);border-radius:8px;overflow:hidden;background:var(--card)}
.seg button{all:unset;cursor:pointer;padding:6px 11px;font-size:13px;font-weight:500;border-left:1px solid var(--line);white-space:nowrap}
.seg button:first-child{border-left:0}
.seg button[aria-pressed=true]{background:var(--fg);color:var(--bg)}
.seg .n{font-variant-numeric:tabular-nums;opacity:.75;margin-left:4px}
.search{flex:1 1 240px;min-width:180px;max-width:420px;padding:7px 10px;border:1px solid var(--line);border-radius:8px;background:var(--card);color:var(--fg);font:inherit}
.btn{all:unset;cursor:pointer;padding:3px 9px;border:1px solid var(--line);border-radius:6px;background:var(--card);font-size:12px}
.btn:hover,.seg button:hover:not([aria-pressed=true]){background:var(--soft)}
.row2{display:flex;flex-wrap:wrap;align-items:center;gap:8px 12px;width:100%}
.shown{margin-left:auto;color:var(--mu);font-size:13px;font-variant-numeric:tabular-nums}
label.chk{display:inline-flex;gap:6px;align-items:center;font-size:13px;cursor:pointer}
.ou{margin:6px 0 0}
.ou .ou{margin-left:18px}
.ou>summary{cursor:pointer;list-style:none;display:flex;flex-wrap:wrap;align-items:center;gap:6px 10px;padding:8px 10px;border-radius:8px}
.ou>summary:hover{background:var(--soft)}
.ou>summary .on{font-weight:650;font-size:15px}
.ou>summary .op{color:var(--mu);font-size:12px}
.ou>summary .vis{color:var(--mu);font-size:12px;margin-left:auto}
.ouc{display:inline-flex;flex-wrap:wrap;gap:4px}
.p{display:inline-block;padding:0 7px;border-radius:999px;font-size:12px;font-weight:600;line-height:18px;background:var(--soft);color:var(--mu);white-space:nowrap}
.p.k-compliant,.p.k-non_compliant,.p.k-error,.p.k-skipped{background:var(--kb);color:var(--k)}
.p.on{background:var(--nc-bg);color:var(--nc)}.p.off{background:var(--soft);color:var(--mu)}
.rows{background:var(--card);border:1px solid var(--line);border-radius:8px;overflow:hidden;margin:2px 0 8px 18px}
.rows:empty,.rows:not(:has(> .ch:not([hidden]))){display:none}
.ch{content-visibility:auto;contain-intrinsic-size:auto 3500px}
.a{display:block;border-top:1px solid var(--line);margin-top:-1px}
.a>summary,div.a{display:grid;grid-template-columns:128px minmax(140px,1.1fr) 112px minmax(0,2fr);align-items:center;gap:12px;padding:6px 12px;min-height:34px}
.a>summary{cursor:pointer;list-style:none;position:relative;padding-left:24px}
.a>summary::before{position:absolute;left:9px;top:14px}
div.a{padding-left:24px}
.a>summary:hover{background:var(--soft)}
.b{--k:var(--sk);--kb:var(--sk-bg);justify-self:start;display:inline-flex;align-items:center;gap:5px;padding:1px 8px 1px 6px;border-radius:999px;font-size:12px;font-weight:650;background:var(--kb);color:var(--k);white-space:nowrap}
.b::before{font-size:11px;font-weight:900;width:12px;text-align:center}
[data-s=compliant] .b{--k:var(--ok);--kb:var(--ok-bg)}[data-s=compliant] .b::before{content:"\\2713"}
[data-s=non_compliant] .b{--k:var(--nc);--kb:var(--nc-bg)}[data-s=non_compliant] .b::before{content:"\\2715"}
[data-s=error] .b{--k:var(--er);--kb:var(--er-bg)}[data-s=error] .b::before{content:"!"}
[data-s=skipped] .b::before{content:"\\2013"}
.a .n{font-weight:550;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.a .i{color:var(--mu)}
.a .c{color:var(--mu);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
[data-s=non_compliant] .c{color:var(--fg)}
.x{display:inline-block;padding:0 7px;border-radius:4px;font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.03em;background:var(--nc);color:var(--card)}
.d{padding:4px 16px 14px 164px}
.a[open]{background:var(--soft)}
.a[open]>summary .n{white-space:normal}
.kv{display:grid;grid-template-columns:160px minmax(0,1fr);gap:6px 16px;margin:0}
.kv dt{color:var(--mu);font-size:13px}
.kv dd{margin:0;overflow-wrap:anywhere}
.t{border-collapse:collapse;font-size:13px;margin:-2px 0 2px}
.t th{text-align:left;font-weight:600;font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:var(--mu);padding:2px 18px 2px 0}
.t td{padding:3px 18px 3px 0;border-top:1px solid var(--line);vertical-align:top}
@media (max-width:860px){.t,.t tbody,.t tr,.t td{display:block}.t thead{display:none}.t tr+tr{margin-top:6px}.t td{border:0;padding:0}}
.empty{padding:32px;text-align:center;color:var(--mu)}
footer{margin-top:32px;color:var(--mu);font-size:12px;text-align:center}
[hidden]{display:none!important}
html:not(.js) .filters{display:none}
@media (max-width:860px){
.wrap{padding:16px 12px 32px}
.cards{grid-template-columns:repeat(2,minmax(0,1fr))}
.filters{position:static}
.meta .wide{grid-column:auto}
.a>summary,div.a{grid-template-columns:auto minmax(0,1fr);gap:2px 10px}
.a .i,.a .c{grid-column:2}
.a .c{white-space:normal}
.d{padding:4px 12px 12px 24px}
.kv{grid-template-columns:1fr}
.rows,.ou .ou{margin-left:8px}
.shown{margin-left:0;width:100%}}
@media print{
:root{--bg:#fff;--card:#fff;--sh:none}
body{font-size:11px}
.wrap{max-width:none;padding:0}
.filters,.btn{display:none!important}
.card{break-inside:avoid}
.ch{content-visibility:visible}
.rows{border-radius:0}
.a{break-inside:avoid}
.c{white-space:normal!important}
.panel>summary::before,.ou>summary::before,.a>summary::before{display:none}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`;
