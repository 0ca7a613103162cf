// The stylesheet of ficus-report.html, kept as a TypeScript string because tsc copies only .ts files
// into dist/ (the client script is in html-script.ts).

export const HTML_STYLE = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2330;background:#f6f7f9}
header{padding:14px 20px;background:#17324d;color:#fff}
header h1{margin:0 0 4px;font-size:20px}
header p{margin:0;opacity:.9}
main{display:grid;grid-template-columns:220px 1fr 340px;gap:12px;padding:12px 20px;height:74vh;min-height:460px}
#filters,#details{background:#fff;border:1px solid #d9dde3;border-radius:6px;padding:10px;overflow:auto}
#view{display:flex;flex-direction:column;min-width:0}
#toolbar{display:flex;gap:6px;align-items:center;margin-bottom:6px}
#toolbar button,#details button{padding:3px 10px;border:1px solid #b7c0cc;border-radius:4px;background:#fff;cursor:pointer;font:inherit}
#toolbar button.active{background:#17324d;color:#fff;border-color:#17324d}
#crumb{color:#687385;margin-left:6px}
#graph{flex:1;background:#fff;border:1px solid #d9dde3;border-radius:6px;min-height:400px}
header p.tangle{margin-top:6px;padding:6px 10px;background:#fff3cd;color:#5c4400;border-radius:4px;opacity:1}
.matrix-wrap{overflow:auto;max-height:70vh;border:1px solid #d9dde3;background:#fff}
table.matrix{width:auto;font-size:12px}
table.matrix td{min-width:20px;padding:2px 4px;text-align:center}
table.matrix th{white-space:nowrap;position:sticky;left:0;background:#eef2f7;cursor:pointer}
table.matrix thead th{position:sticky;top:0;z-index:1;cursor:default}
table.matrix th.vertical{height:110px;vertical-align:bottom;padding:2px}
table.matrix th.vertical span{writing-mode:vertical-rl;transform:rotate(180deg);display:inline-block;max-height:105px;overflow:hidden;text-overflow:ellipsis}
table.matrix td.w{background:#c9e7c9}
table.matrix td.w.contested{background:#f3b6b3}
table.matrix td.r{background:#dde8f6;color:#44546a}
table.matrix td.self{background:#e4e7eb}
#details dl{margin:6px 0}
#details dt{font-weight:600;margin-top:8px}
#details dd{margin:2px 0 0 0}
#filters button{display:flex;align-items:center;gap:6px;width:100%;margin:2px 0;padding:4px 6px;border:1px solid transparent;border-radius:4px;background:none;text-align:left;cursor:pointer;font:inherit}
#filters button:hover{background:#eef2f7}
#filters button.active{border-color:#17324d;background:#e6edf5;font-weight:600}
.swatch{display:inline-block;width:12px;height:12px;border-radius:3px;flex:none}
#details h3{margin:0 0 6px;font-size:15px;word-break:break-all}
#details ul{margin:4px 0 10px;padding-left:18px}
#details .muted,.muted{color:#687385}
section{padding:0 20px 16px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #d9dde3;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eef2f7}
#seam-table tbody tr{cursor:pointer}
#seam-table tbody tr:hover{background:#f3f6fa}
#seam-table tbody tr.active{background:#e6edf5}
code{font-size:12.5px}
label.toggle{display:block;margin-top:10px}
`;
