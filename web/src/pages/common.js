import {call} from '../api.js';

// Every department of a region (ListDepartments, a thousand a page).
export async function listDepartments(region) {
  const out = [];
  let pageToken = '';
  do {
    const page = await call('jixiao.budget.v1.BudgetService/ListDepartments', {regionCode: region, pageSize: 1000, pageToken});
    out.push(...(page.departments || []));
    pageToken = page.nextPageToken || '';
  } while (pageToken);
  return out;
}

export function deptLink(region, code, year, tab) {
  return `#/dept/${encodeURIComponent(region)}/${encodeURIComponent(code)}/${year}${tab ? `/${tab}` : ''}`;
}

// A call whose NOT_FOUND means "nothing yet": null then, any other error thrown.
export async function orNull(method, request) {
  try {
    return await call(method, request);
  } catch (e) {
    if (e.code === 'not_found') return null;
    throw e;
  }
}
