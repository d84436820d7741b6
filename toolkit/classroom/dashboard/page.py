"""The dashboard page: static HTML, CSS and a small script that redraws every 5 seconds.

The script sends the hub's XSRF token with every request (JupyterHub accepts a
sign-in cookie on a script's request only with it). It builds every cell with `textContent`, so learner text is never read as HTML.
The scores table is sized for a 1,280 px laptop with 30 learners x 35 exercises: short
exercise headings (number, full id on hover) and exercise columns in a smaller type (tested
with 35 exercises), the learner column stays in view.
"""

from __future__ import annotations

import json

from toolkit.markup import esc

REFRESH_SECONDS = 5

_CSS = """
body{font:13px/1.35 system-ui,sans-serif;margin:0 12px;color:#1d1d1d}
h1{font-size:18px;margin:10px 0 4px}h2{font-size:15px;margin:14px 0 4px}
.top{display:flex;gap:16px;align-items:baseline;flex-wrap:wrap}
.wrap{overflow-x:auto;max-width:100%}
table{border-collapse:collapse}th,td{border:1px solid #c8c8c8;padding:2px 3px;text-align:right}
th{background:#eceff3;font-weight:600}td.name,th.name{text-align:left;position:sticky;left:0;
background:#fff;max-width:11em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
th.name{background:#eceff3}td.ex,th.exh{font-size:10px;padding:2px 1px}.s-hi{background:#dcefdc}.s-mid{background:#fff2c6}
.s-lo{background:#f8d7d3}.side{display:flex;gap:28px;flex-wrap:wrap}
.muted{color:#666}.side td,.side th{text-align:left}.side td:last-child{text-align:right}
#count-warning{color:#8a1c00;font-weight:600}#rules td:nth-child(2),#rules td:nth-child(3){max-width:26em}form{display:inline-flex;gap:8px;align-items:center}
"""

_SCRIPT = """
const base = location.pathname.replace(/\\/?$/, '/');
function el(tag, text, cls){const e=document.createElement(tag);if(text!==undefined&&text!==null)e.textContent=String(text);if(cls)e.className=cls;return e;}
function band(v){return v===null?'':v>=80?'s-hi':v>=50?'s-mid':'s-lo';}
function table(id, headers, rows){
  const t=document.getElementById(id);t.replaceChildren();
  const hr=el('tr');headers.forEach(h=>{const th=el('th',h[0],h[1]||'');th.scope='col';if(h[2])th.title=h[2];hr.appendChild(th);});
  const head=el('thead');head.appendChild(hr);t.appendChild(head);
  const body=el('tbody');rows.forEach(r=>{const tr=el('tr');r.forEach(c=>{const td=el('td',c[0],c[1]||'');if(c[2])td.title=c[2];tr.appendChild(td);});body.appendChild(tr);});
  t.appendChild(body);
}
function draw(d){
  const ex=d.exercises;
  table('scores',[['Learner','name'],['Lessons','', 'lessons with every quick check answered'],['Quick checks','','right of answered (self-reported: see the note below the table)'],['Practice','','practice problems right of tried (self-reported)'],['Submitted','','exercises submitted'],
    ...ex.map((e,i)=>[String(i+1),'exh',e]),['Overall','','mean over all exercises; one not submitted counts 0']],
    d.learners.map(r=>[[r.learner,'name',r.learner],[r.lessons_done+' of '+d.lessons_total],[r.quick_answered?r.quick_right+'/'+r.quick_answered:'—'],[r.practice_tried?r.practice_right+'/'+r.practice_tried:'—'],[r.submitted+' of '+ex.length],
      ...ex.map(e=>{const v=r.scores[e];return [v===null?'':Math.round(v),'ex '+band(v),e];}),[r.overall===null?'—':r.overall.toFixed(1),band(r.overall)]]));
  table('hardest',[['Exercise'],['Mean first-attempt score']],d.hardest_exercises.map(h=>[[h.exercise],[h.mean_first_score+'%',band(h.mean_first_score)]]));
  table('rules',[['Rule'],['What it says'],['Source'],['Missed (first attempts)']],d.missed_rules.map(r=>[[r.rule],[r.title],[r.source],[r.missed_items+' of '+r.items+' ('+r.missed+'%)']]));
  document.getElementById('trust-note').textContent=d.trust_note;
  document.getElementById('overall-note').textContent='Overall: the mean score over all '+ex.length+' exercises, an exercise not yet submitted counting 0 (100 on one of '+ex.length+' is '+(100/Math.max(ex.length,1)).toFixed(1)+').';
  const ns=document.getElementById('not-started');ns.replaceChildren();
  d.not_started.forEach(n=>ns.appendChild(el('li',n.learner+(n.signed_in?' (signed in, nothing answered yet)':' (not signed in yet)'))));
  if(!d.not_started.length)ns.appendChild(el('li','Everyone has started.'));
  document.getElementById('count').textContent=d.learners.length+' learner(s)';
  const pr=[];if(d.not_graded_total)pr.push(d.not_graded_total+' submission file(s) could not be graded (all listed in the HTML report)');
  if(d.summaries_not_readable_total)pr.push(d.summaries_not_readable_total+' progress summary file(s) could not be read (those learners show no lesson counts)');
  document.getElementById('problems').textContent=pr.join('; ')+(pr.length?'. First ones:':'');
  const pl=document.getElementById('problem-list');pl.replaceChildren();
  d.not_graded.concat(d.summaries_not_readable).forEach(f=>pl.appendChild(el('li',f.file+': '+f.reason)));
  const m=d.mode;if(!modeEdited){document.getElementById('mode').value=m.mode;document.getElementById('released').checked=m.answers_released;document.getElementById('count-by').value=m.count;}
  warnCount(m.mode,m.count);
  document.getElementById('updated').textContent='Updated '+new Date().toLocaleTimeString();
}
async function refresh(){
  try{const r=await fetch(base+'api/class',{cache:'no-store',headers:{'X-XSRFToken':XSRF}});if(!r.ok)throw new Error('HTTP '+r.status);draw(await r.json());
    document.getElementById('error').textContent='';}
  catch(e){document.getElementById('error').textContent='Could not refresh ('+e.message+'); trying again.';}
  setTimeout(refresh, REFRESH_MS);
}
let modeEdited=false;
// Assessment with the latest attempt counted lets a learner re-submit until every item reads right.
function warnCount(mode,count){document.getElementById('count-warning').textContent=mode==='assessment'&&count==='latest'?
  'Warning: in assessment the gradebook counts the latest attempt, so a learner can re-submit until every item is right. Count the first attempt for a fair grade.':'';}
function formChanged(ev){modeEdited=true;
  if(ev.target.id==='mode'&&ev.target.value==='assessment')document.getElementById('count-by').value='first';  // assessment counts first attempts unless changed
  warnCount(document.getElementById('mode').value,document.getElementById('count-by').value);}
document.getElementById('mode-form').addEventListener('change',formChanged);
async function saveMode(ev){
  ev.preventDefault();const f=new FormData();f.append('mode',document.getElementById('mode').value);
  f.append('count',document.getElementById('count-by').value);f.append('answers_released',document.getElementById('released').checked?'yes':'');
  const r=await fetch(base+'api/mode',{method:'POST',body:f,headers:{'X-XSRFToken':XSRF}});
  document.getElementById('mode-saved').textContent=r.ok?'Saved.':'Not saved (HTTP '+r.status+').';
  if(r.ok)modeEdited=false;
}
document.getElementById('mode-form').addEventListener('submit',saveMode);
refresh();
"""


def page_html(instructor: str, xsrf: str, *, hub: str = "") -> str:
    """The page; `hub` is the hub's origin when the dashboard has its own (the instructor's
    own course is on the hub's, so the link must name it)."""
    own_course = f"{hub}/hub/user-redirect/" if hub else "../../hub/user-redirect/"
    token = json.dumps(xsrf).replace("<", "\\u003c")  # a JS string that cannot end the script
    script = f"const REFRESH_MS={REFRESH_SECONDS * 1000};const XSRF={token};" + _SCRIPT
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Class dashboard: CPT 97530</title><style>{_CSS}</style></head><body>
<div class="top"><h1>Class dashboard</h1><span id="count"></span><span id="updated" class="muted"></span>
<span class="muted">Signed in as {esc(instructor)}</span>
<a id="own-course" href="{esc(own_course)}">Your own course</a>
<a href="gradebook.csv" download>Gradebook (CSV)</a><a href="report.html" download>Report (HTML)</a></div>
<p id="error" role="alert"></p>
<form id="mode-form"><label>Mode <select id="mode"><option value="practice">Practice: right answers shown after Submit</option>
<option value="assessment">Assessment: score only until released</option></select></label>
<label><input type="checkbox" id="released"> Right answers released</label>
<label>Gradebook counts <select id="count-by"><option value="latest">latest attempt</option>
<option value="first">first attempt</option></select></label><button type="submit">Save</button><span id="mode-saved"></span></form>
<p id="count-warning" role="alert"></p>
<h2>Learners</h2><p class="muted">Exercise columns are numbered (hover for the exercise); scores 0-100.</p>
<div class="wrap"><table id="scores"></table></div><p id="overall-note" class="muted"></p><p id="trust-note" class="muted"></p><p id="problems" class="muted"></p><ul id="problem-list" class="muted"></ul>
<div class="side"><div><h2>Hardest exercises (first attempts)</h2><table id="hardest"></table></div>
<div><h2>Rules the room misses most (first attempts)</h2><table id="rules"></table>
<p class="muted">Each first-attempt answer not fully right counts once, under the first rule its explanation cites: "1 of 2" = 1 of the 2 answers under that rule was missed.</p></div>
<div><h2>Not started</h2><ul id="not-started"></ul></div></div>
<script>{script}</script></body></html>"""
