import {call, stream} from '../api.js';
import {replace, errorBox} from '../dom.js';

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

// A region-wide streamed call (EvaluateRegion, EvaluateRegionProjects):
// each result to `onResult`, a count in `progress` every `every` results
// (`counting(n)` says it), and the summary when the stream ends. On an
// error the error takes `holder`, the progress line is cleared and the
// answer is null; else {summary} (null when none was sent).
export async function streamRegion(method, request, {progress, holder, every, counting, onResult = () => {}}) {
  let summary = null;
  let results = 0;
  try {
    await stream(method, request, (event) => {
      if (event.result) {
        results++;
        onResult(event.result);
        if (results % every === 0) progress.textContent = counting(results);
      } else if (event.summary) {
        summary = event.summary;
      }
    }, {timeoutMs: 120000});
  } catch (e) {
    replace(holder, errorBox(e));
    progress.textContent = '';
    return null;
  }
  return {summary};
}
