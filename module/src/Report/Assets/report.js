// SyncMatch report: filters, sorting, paging and printing over the rows the page carries as
// JSON data (RowEncoding.cs says how a row is written). Cells are written with textContent
// only: a directory value is never parsed as markup.
(() => {
  'use strict';
  const PAGE = 100;
  const PRINTED = 1000;
  const SEVERITY = ['error', 'warning', 'information'];
  const number = (n) => n.toLocaleString('en-US');
  const tables = {};

  // One row back together: references into the string list, parts joined, then the sentences
  // whose "\u0001k\u0002" stand for the row's cell k.
  const decoder = (strings) => {
    const text = (cell) => typeof cell === 'number' ? strings[cell]
      : Array.isArray(cell) ? cell.map(text).join('') : cell;
    return (raw) => {
      const cells = raw.slice(0, -1);
      const values = cells.map((cell) => typeof cell === 'number' && cell < 0 ? null : text(cell));
      cells.forEach((cell, k) => {
        if (values[k] === null) {
          values[k] = strings[-cell - 1].replace(/\u0001(\d+)\u0002/g, (_, source) => values[Number(source)]);
        }
      });
      return [values, raw[raw.length - 1]];
    };
  };

  // An identity's parts (a DN's RDNs) each unbroken, the line free to break between them.
  const identityCell = (cell, value) => {
    const parts = value.split(/(?<=[^\\],)/);
    parts.forEach((part, i) => {
      const piece = document.createElement('span');
      piece.className = 'part';
      piece.textContent = part;
      cell.appendChild(piece);
      if (i < parts.length - 1) cell.appendChild(document.createElement('wbr'));
    });
  };

  for (const table of document.querySelectorAll('table[data-table]')) {
    const id = table.dataset.table;
    const data = JSON.parse(document.querySelector(`script[data-rows="${id}"]`).textContent);
    const rows = data.rows.map(decoder(data.strings));
    const warningsColumn = Number(table.dataset.warnings);
    const body = table.tBodies[0];
    const pager = document.querySelector(`[data-pager="${id}"]`);
    const counter = document.querySelector(`[data-shown="${id}"]`);
    const note = document.querySelector(`[data-print-note="${id}"]`);
    const state = { group: '', reason: '', warning: '', text: '', sort: -1, descending: false, page: 0, shown: rows };

    const apply = () => {
      const text = state.text.toLowerCase();
      let shown = rows.filter(([values]) =>
        (!state.group || values[1] === state.group) &&
        (!state.reason || values[2] === state.reason) &&
        (!state.warning || (warningsColumn >= 0 && values[warningsColumn].split('; ').includes(state.warning))) &&
        (!text || values.some((cell) => cell.toLowerCase().includes(text))));
      const column = state.sort;
      const direction = state.descending ? -1 : 1;
      // Errors first, then warnings, in input order within each, until a column is sorted.
      shown = column < 0
        ? shown.slice().sort((a, b) => a[1] - b[1])
        : shown.slice().sort((a, b) => direction * a[0][column].localeCompare(b[0][column], undefined, { numeric: true }));
      state.shown = shown;
      state.page = 0;
      render();
    };

    const draw = (from, to) => {
      const fragment = document.createDocumentFragment();
      for (const [values, severity] of state.shown.slice(from, to)) {
        const line = document.createElement('tr');
        line.className = SEVERITY[severity];
        line.dataset.group = values[1];
        line.dataset.reason = values[2];
        values.forEach((value, k) => {
          const cell = document.createElement('td');
          if (k === 0) {
            cell.className = 'identity';
            identityCell(cell, value);
          } else {
            cell.textContent = value;
          }
          line.appendChild(cell);
        });
        fragment.appendChild(line);
      }
      body.replaceChildren(fragment);
      // Wide enough that the identities drawn take one line up to 60 characters, two up to
      // about twice that (their parts unbroken).
      let longest = 0;
      for (let i = from; i < Math.min(to, state.shown.length); i++) longest = Math.max(longest, state.shown[i][0][0].length);
      table.tHead.rows[0].cells[0].style.minWidth = `${Math.min(60, Math.max(24, longest)) + 2}ch`;
    };

    const render = () => {
      const pages = Math.max(1, Math.ceil(state.shown.length / PAGE));
      state.page = Math.min(Math.max(0, state.page), pages - 1);
      draw(state.page * PAGE, (state.page + 1) * PAGE);
      counter.textContent = `${number(state.shown.length)} of ${number(rows.length)} rows`;
      counter.dataset.count = String(state.shown.length);
      pager.querySelector('span').textContent = `page ${state.page + 1} of ${pages}`;
      pager.querySelector('[data-page="previous"]').disabled = state.page === 0;
      pager.querySelector('[data-page="next"]').disabled = state.page >= pages - 1;
    };

    // On paper: the rows as filtered, up to PRINTED, and what was left out and where it all is.
    const print = () => {
      const printed = Math.min(state.shown.length, PRINTED);
      draw(0, printed);
      const left = rows.length - printed;
      const where = note.dataset.csv ? `Every row is in ${note.dataset.csv}.` : 'Export-SyncMatchCsv writes every row.';
      note.textContent = left === 0
        ? `All ${number(rows.length)} rows are printed.`
        : `Printed ${number(printed)} of ${number(rows.length)} rows (${number(state.shown.length)} match the table's filter); ${number(left)} are left out. ${where}`;
      note.dataset.printed = String(printed);
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
    tables[id] = { print, render };
    apply();
  }

  // "What to do first" links: show the table filtered to the step's rows.
  for (const link of document.querySelectorAll('a[data-go]')) {
    link.addEventListener('click', () => {
      for (const filter of ['group', 'reason', 'warning', 'text']) {
        const control = document.querySelector(`[data-filter="${filter}"][data-table="${link.dataset.go}"]`);
        if (!control) continue;
        control.value = link.dataset[filter] || '';
        control.dispatchEvent(new Event('input'));
      }
    });
  }
  window.addEventListener('beforeprint', () => Object.values(tables).forEach((table) => table.print()));
  window.addEventListener('afterprint', () => Object.values(tables).forEach((table) => table.render()));
})();
