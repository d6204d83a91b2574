// The sortable header and order of a ranking table (a region's departments,
// a region's projects): a button per column; a click sorts by that column,
// a second click the other way; names and ranks ascend first, scores
// descend first. Ties keep the service's rank; a missing value goes last.
import {h} from '../dom.js';

// columns: [id, label, numeric]; state: {sort, asc}; ascendingFirst: the
// ids that sort ascending on the first click.
export function sortableHeader(columns, state, ascendingFirst, onSort) {
  return columns.map(([id, label, numeric]) => {
    const button = h('button', {type: 'button', class: 'sort', 'data-sort': id}, label);
    button.addEventListener('click', () => {
      state.asc = state.sort === id ? !state.asc : ascendingFirst.includes(id);
      state.sort = id;
      onSort();
    });
    return h('th', {scope: 'col', class: numeric ? 'num' : null, 'data-col': id}, button);
  });
}

// Sorts `rows` in place by state.sort and marks the header (aria-sort).
export function sortRanking(rows, state, cells, valueOf = (row, key) => row[key]) {
  const dir = state.asc ? 1 : -1;
  rows.sort((a, b) => {
    const x = valueOf(a, state.sort);
    const y = valueOf(b, state.sort);
    if (x === y) return a.rank - b.rank;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * dir;
  });
  for (const th of cells) th.setAttribute('aria-sort', th.dataset.col === state.sort ? (state.asc ? 'ascending' : 'descending') : 'none');
  return rows;
}
