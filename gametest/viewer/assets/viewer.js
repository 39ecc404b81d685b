(function(){
const D = JSON.parse(document.getElementById('game-data').textContent);
const F = D.frames;
const $ = id => document.getElementById(id);
const esc = s => String(s).replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
const cls = s => String(s).replace(/[^A-Za-z0-9_-]/g, '');
const card = n => `<span class="card ${cls(n)}">${esc(n)}</span>`;
const cards = xs => xs.length ? xs.map(card).join('') : '<span class="muted">none</span>';
const counted = o => Object.entries(o).map(([k,v]) => v > 1 ? `${card(k)}&times;${v}` : card(k)).join(' ');
let i = 0;
function decisionHtml(d){
  const who = `P${d.seat + 1}`;
  let c = 'dec', badges = '';
  if (d.compliance){
    c += d.compliance.matched ? ' ok' : ' miss';
    badges += d.compliance.matched
      ? '<span class="badge ok">follows the compiled advice</span>'
      : `<span class="badge miss">advice said: ${esc(d.compliance.expected.join(', ') || 'nothing')}</span>`;
  }
  if (d.llm) badges += '<span class="badge llm">LLM</span>';
  let h = `<div class="${c}"><b>${who} ${esc(d.kind)}</b>${d.card ? ' (' + esc(d.card) + ')' : ''}: `
    + `chose <b>${esc(d.choice.join(', ') || 'nothing')}</b>${badges}`
    + `<div class="muted">options: ${esc(d.options.join(', '))}</div>`;
  if (d.llm){
    if (d.llm.reason) h += `<div>reason: <i>${esc(d.llm.reason)}</i></div>`;
    if (d.llm.answer !== undefined) h += `<div>answer: <code>${esc(d.llm.answer)}</code></div>`;
    if (d.llm.note) h += `<div class="muted">${esc(d.llm.note)}</div>`;
    if (d.llm.prompt) h += `<details><summary>prompt: ${esc(d.llm.summary || '')} `
      + `(${d.llm.prompt.length} chars)</summary><pre>${esc(d.llm.prompt)}</pre></details>`;
  }
  return h + '</div>';
}
function publicHtml(p){
  let h = '';
  for (const [k, v] of Object.entries(p)){
    h += `<h3 style="font-size:.9em;margin:.5em 0 .2em">${esc(k)}</h3>`;
    if (Array.isArray(v)) h += cards(v);
    else if (v !== null && typeof v === 'object')
      h += Object.entries(v).map(([n, c]) => `<span class="pile${c === 0 ? ' empty' : ''}">${card(n)} ${c}</span>`).join('');
    else h += `<span>${esc(v)}</span>`;
  }
  return h;
}
function show(k){
  i = Math.max(0, Math.min(F.length - 1, k));
  const f = F[i];
  $('frame-label').textContent = `${i}/${F.length - 1}: ${f.label}`;
  $('slider').value = i;
  $('prev').disabled = i === 0;
  $('next').disabled = i === F.length - 1;
  $('hand').innerHTML = f.seat === null ? '<span class="muted">before the first turn</span>' : cards(f.hand);
  $('log').innerHTML = f.log.map(l => `<li>${esc(l)}</li>`).join('');
  $('decisions').innerHTML = f.decisions.length ? f.decisions.map(decisionHtml).join('') : '<span class="muted">no decisions this turn</span>';
  const last = i === F.length - 1;
  $('scores').innerHTML = '<tr><th>player</th><th>VP</th><th>cards</th><th>money/card</th><th>deck / discard</th></tr>'
    + f.seats.map((s, j) => `<tr class="${j === f.seat ? 'active' : ''}${last && D.winners.includes(j) ? ' win' : ''}">`
      + `<td class="who">P${j + 1} ${esc(D.players[j])}</td><td><b>${s.score}</b></td><td>${s.cards}</td>`
      + `<td>${(s.cards ? s.money / s.cards : 0).toFixed(2)}</td><td>${s.deck} / ${s.discard}</td></tr>`).join('');
  $('owned').innerHTML = f.seats.map((s, j) => `<div class="seat"><b>P${j + 1}</b> owns ${counted(s.owned)}`
    + `<div class="muted">hand after the turn: ${cards(s.hand)}</div></div>`).join('');
  $('public').innerHTML = publicHtml(f.public);
  if (location.hash !== '#' + i) history.replaceState(null, '', '#' + i);
}
$('slider').max = F.length - 1;
$('prev').onclick = () => show(i - 1);
$('next').onclick = () => show(i + 1);
$('slider').oninput = e => show(+e.target.value);
document.addEventListener('keydown', e => {
  if (e.key === 'ArrowRight' || e.key === 'ArrowDown') { show(i + 1); e.preventDefault(); }
  else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') { show(i - 1); e.preventDefault(); }
  else if (e.key === 'Home') show(0);
  else if (e.key === 'End') show(F.length - 1);
});
window.gameViewer = {show, frame: () => i, frames: F.length};
show(parseInt(location.hash.slice(1), 10) || 0);
})();
