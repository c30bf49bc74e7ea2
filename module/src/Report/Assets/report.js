// SyncMatch report: filters, sorting and paging over the rows the page carries as JSON data.
// Cells are written with textContent only: a directory value is never parsed as markup.
(() => {
  'use strict';
  const PAGE = 100;
  const SEVERITY = ['error', 'warning', 'information'];
  for (const table of document.querySelectorAll('table[data-table]')) {
    const id = table.dataset.table;
    const rows = JSON.parse(document.querySelector(`script[data-rows="${id}"]`).textContent);
    const body = table.tBodies[0];
    const pager = document.querySelector(`[data-pager="${id}"]`);
    const counter = document.querySelector(`[data-shown="${id}"]`);
    const state = { group: '', reason: '', text: '', sort: -1, descending: false, page: 0, shown: rows };

    const apply = () => {
      const text = state.text.toLowerCase();
      let shown = rows.filter((row) =>
        (!state.group || row[1] === state.group) &&
        (!state.reason || row[2] === state.reason) &&
        (!text || row[0].some((cell) => cell.toLowerCase().includes(text))));
      const column = state.sort;
      const direction = state.descending ? -1 : 1;
      // Errors first, then warnings, in input order within each, until a column is sorted.
      shown = column < 0
        ? shown.slice().sort((a, b) => a[3] - b[3])
        : shown.slice().sort((a, b) => direction * a[0][column].localeCompare(b[0][column], undefined, { numeric: true }));
      state.shown = shown;
      state.page = 0;
      render();
    };

    const render = () => {
      const pages = Math.max(1, Math.ceil(state.shown.length / PAGE));
      state.page = Math.min(Math.max(0, state.page), pages - 1);
      const fragment = document.createDocumentFragment();
      for (const row of state.shown.slice(state.page * PAGE, (state.page + 1) * PAGE)) {
        const line = document.createElement('tr');
        line.className = SEVERITY[row[3]];
        line.dataset.group = row[1];
        line.dataset.reason = row[2];
        for (const value of row[0]) {
          const cell = document.createElement('td');
          cell.textContent = value;
          line.appendChild(cell);
        }
        fragment.appendChild(line);
      }
      body.replaceChildren(fragment);
      counter.textContent = `${state.shown.length.toLocaleString('en-US')} of ${rows.length.toLocaleString('en-US')} rows`;
      counter.dataset.count = String(state.shown.length);
      pager.querySelector('span').textContent = `page ${state.page + 1} of ${pages}`;
      pager.querySelector('[data-page="previous"]').disabled = state.page === 0;
      pager.querySelector('[data-page="next"]').disabled = state.page >= pages - 1;
    };

    for (const control of document.querySelectorAll(`[data-filter][data-table="${id}"]`)) {
      control.addEventListener('input', () => {
        state[control.dataset.filter] = control.value;
        apply();
      });
    }
    for (const header of table.tHead.rows[0].cells) {
      const sort = () => {
        const column = Number(header.dataset.column);
        state.descending = state.sort === column ? !state.descending : false;
        state.sort = column;
        for (const other of table.tHead.rows[0].cells) other.removeAttribute('aria-sort');
        header.setAttribute('aria-sort', state.descending ? 'descending' : 'ascending');
        apply();
      };
      header.addEventListener('click', sort);
      header.addEventListener('keydown', (event) => { if (event.key === 'Enter') sort(); });
    }
    pager.querySelector('[data-page="previous"]').addEventListener('click', () => { state.page -= 1; render(); });
    pager.querySelector('[data-page="next"]').addEventListener('click', () => { state.page += 1; render(); });
    apply();
  }
})();
