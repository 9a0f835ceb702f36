import * as vl from 'vega-lite';
import * as vega from 'vega';
const spec = {width:560,height:100,data:{values:[{x:1},{x:100}]}, mark:'point', encoding:{x:{field:'x',type:'quantitative',scale:{type:'log'}, title:'T'}}};
const view = new vega.View(vega.parse(vl.compile(spec).spec), {renderer:'none'});
await view.runAsync();
const walk=(n,d)=>{ console.log(' '.repeat(d)+ (n.marktype??'item') + ' ' + (n.role??'') + ' ' + (n.text??'')); (n.items||[]).slice(0,3).forEach(c=>walk(c,d+1)); };
walk(view.scenegraph().root,0);
