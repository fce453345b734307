/** A self-contained HTML page that renders the OpenAPI document: no CDN, works offline. */
export function docsPage(openapiUrl: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Modelry API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f8fa}
header{background:#0d3b66;color:#fff;padding:16px 24px}main{max-width:1000px;margin:0 auto;padding:16px 24px}
.op{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:10px 0}
.op summary{cursor:pointer;padding:10px 12px;font-family:ui-monospace,monospace}
.m{display:inline-block;min-width:64px;font-weight:700}.get{color:#1a7f37}.post{color:#0969da}.patch{color:#9a6700}.delete{color:#cf222e}
.body{padding:0 12px 12px}pre{background:#f6f8fa;padding:8px;overflow:auto;font-size:12px}
table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left;font-size:13px}
</style></head><body><header><h1>Modelry native API</h1><p id="desc"></p>
<p><a style="color:#fff" href="${openapiUrl}">openapi.json</a></p></header><main id="ops">Loading…</main>
<script>
fetch(${JSON.stringify(openapiUrl)}).then(r=>r.json()).then(doc=>{
  const esc=s=>String(s).replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
  document.getElementById('desc').textContent=doc.info.description;
  const base=doc.servers[0].url;let html='';
  for(const [path,ops] of Object.entries(doc.paths)) for(const [m,op] of Object.entries(ops)){
    const params=(op.parameters||[]).map(p=>'<tr><td>'+esc(p.name)+'</td><td>'+p.in+'</td><td><code>'+esc(JSON.stringify(p.schema))+'</code></td></tr>').join('');
    html+='<details class="op"><summary><span class="m '+m+'">'+m.toUpperCase()+'</span> '+esc(base+path)+' — '+esc(op.summary)+'</summary><div class="body">'
      +(op.description?'<p>'+esc(op.description)+'</p>':'')
      +(params?'<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>schema</th></tr>'+params+'</table>':'')
      +(op.requestBody?'<h4>Request body</h4><pre>'+esc(JSON.stringify(op.requestBody.content['application/json'].schema,null,2))+'</pre>':'')
      +'<h4>Responses</h4>'+Object.entries(op.responses).map(([s,r])=>'<p><b>'+s+'</b> '+esc(r.description)+'</p>'+(r.content?'<pre>'+esc(JSON.stringify(r.content['application/json'].schema,null,2))+'</pre>':'')).join('')
      +'</div></details>';
  }
  document.getElementById('ops').innerHTML=html;
});
</script></body></html>`;
}
