// The dashboard's stylesheet. Below 1000 px the route table turns into one card per route, its
// actions on a full-width line of their own, so nothing is ever off-screen at 800 px.
export const style = `
:root { --fg:#1d2330; --muted:#667; --line:#dde1e8; --bg:#f7f8fa; --mono:#445; --svc:#2f7d5b; --mono-bar:#8a94a6; --bad:#b3261e; --warn:#9a6700; --pick:#eef4ff; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.4 system-ui, sans-serif; color:var(--fg); background:var(--bg); }
header { display:flex; align-items:center; gap:1rem; padding:.6rem 1rem; background:#fff; border-bottom:1px solid var(--line); }
header h1 { font-size:1.05rem; margin:0; }
#status { color:var(--muted); font-size:.85rem; margin-left:auto; }
main { padding:1rem; display:grid; gap:1rem; grid-template-columns:minmax(0, 1fr); }
section { background:#fff; border:1px solid var(--line); border-radius:6px; padding:.75rem 1rem; min-width:0; }
.scroll { overflow-x:auto; }
h2 { font-size:.95rem; margin:.1rem 0 .6rem; display:flex; gap:.75rem; align-items:center; flex-wrap:wrap; }
h2 .muted { font-weight:400; }
table { border-collapse:collapse; width:100%; }
th, td { text-align:left; padding:.35rem .5rem; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-weight:600; color:var(--muted); font-size:.8rem; }
td.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
.mode { font-weight:600; padding:.1rem .4rem; border-radius:4px; background:#eef0f4; }
.mode-canary { background:#fff4d6; } .mode-service { background:#dff3e9; } .mode-shadow { background:#e6ecfb; }
.runtime { color:var(--warn); font-size:.8rem; }
.muted { color:var(--muted); font-size:.8rem; }
.split { display:inline-block; width:110px; height:10px; background:var(--mono-bar); border-radius:3px; overflow:hidden; vertical-align:middle; }
.split > span { display:block; height:100%; background:var(--svc); }
.bad { color:var(--bad); font-weight:600; }
.warnbox { background:#fff4d6; color:#6b4a00; padding:.4rem .6rem; border-radius:4px; margin:.4rem 0; }
.actions { display:flex; flex-wrap:wrap; gap:.3rem; align-items:center; }
.actions input[type=number] { width:4.2rem; }
.actions input[type=text] { width:8rem; }
button { cursor:pointer; }
button:disabled { cursor:not-allowed; }
#message { padding:.5rem .75rem; border-radius:4px; display:none; }
#message.show { display:block; }
#message.error { background:#fde7e5; color:var(--bad); }
#message.ok { background:#e3f4ea; color:#1c5e3c; }
#login { max-width:28rem; margin:3rem auto; }
#login input { width:100%; margin:.5rem 0; padding:.4rem; }
pre { background:#f3f4f7; padding:.5rem; max-height:16rem; overflow:auto; margin:.3rem 0; white-space:pre-wrap; overflow-wrap:anywhere; font-size:.8rem; }
.hidden { display:none !important; }
.sides { display:grid; grid-template-columns:minmax(0, 1fr) minmax(0, 1fr); gap:.75rem; }
.sides h3 { font-size:.85rem; margin:.2rem 0; }
.values { table-layout:fixed; }
.values td, .values th { overflow-wrap:anywhere; }
.values th:first-child { width:9rem; }
.example { border-top:1px dashed var(--line); padding:.4rem 0; }
.example code { overflow-wrap:anywhere; }
.steps span { padding:.05rem .35rem; border-radius:3px; margin-right:.2rem; background:#eef0f4; }
.steps span.now { background:var(--svc); color:#fff; font-weight:600; }
#traffic-wrap { max-height:24rem; overflow:auto; }
#traffic-body tr { cursor:pointer; }
#traffic-body tr:hover, #traffic-body tr.picked { background:var(--pick); }
.live { font-size:.75rem; padding:.05rem .4rem; border-radius:8px; background:#eef0f4; font-weight:400; }
.live.on { background:#dff3e9; color:#1c5e3c; }
td .ellipsis { display:block; max-width:28rem; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
@media (max-width: 1000px) {
  #routes thead { display:none; }
  #routes tr { display:flex; flex-wrap:wrap; gap:.25rem 1rem; border-bottom:1px solid var(--line); padding:.4rem 0; }
  #routes td { border:none; padding:.15rem .25rem; }
  #routes td[data-label]::before { content:attr(data-label) ": "; color:var(--muted); font-size:.75rem; }
  #routes td[data-col=actions] { flex-basis:100%; }
  .sides { grid-template-columns:minmax(0, 1fr); }
  td .ellipsis { max-width:14rem; }
}
`;
