// The admin API client. The token lives in sessionStorage only (it is gone
// when the tab closes) and travels in the Authorization header, never in a URL.

const TOKEN_KEY = 'careerbot.admin.token';

export class ApiError extends Error {
  constructor(status, problem) {
    const detail = (problem && (problem.detail || problem.title)) || `The server answered ${status}.`;
    super(detail);
    this.status = status;
    this.problem = problem || {};
    this.field = this.problem.field;
  }
}

let onUnauthorized = () => {};

/** Called with a message when any request gets 401 (the console signs out). */
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

export function token() {
  try {
    return sessionStorage.getItem(TOKEN_KEY) || '';
  } catch {
    return '';
  }
}

export function saveToken(value) {
  sessionStorage.setItem(TOKEN_KEY, value);
}

export function forgetToken() {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage unavailable: nothing kept anyway
  }
}

/** The revision in an ETag ("4", W/"4"), or undefined. */
export function revisionOf(etag) {
  if (!etag) return undefined;
  const digits = etag.replace(/^W\//, '').replace(/"/g, '');
  return /^\d+$/.test(digits) ? Number(digits) : undefined;
}

async function readBody(response) {
  const type = response.headers.get('content-type') || '';
  if (response.status === 204) return null;
  if (type.includes('json')) {
    try {
      return await response.json();
    } catch {
      return null;
    }
  }
  return response.text();
}

/**
 * Calls the admin API: request('PUT', '/admin/v1/careers/x', {body, ifMatch}).
 * A body is sent as JSON, or as multipart/form-data when it is a FormData.
 * Resolves to {status, data, etag, revision}; rejects with ApiError on
 * anything but 2xx. A 401 also signs the console out.
 */
export async function request(method, path, options = {}) {
  const headers = {Accept: 'application/json, application/problem+json'};
  const bearer = options.token ?? token();
  if (bearer && !options.anonymous) headers.Authorization = `Bearer ${bearer}`;
  if (options.ifMatch !== undefined) headers['If-Match'] = `"${options.ifMatch}"`;
  let body;
  if (options.body instanceof FormData) {
    // multipart/form-data: the browser writes the Content-Type with its boundary.
    body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  let response;
  try {
    response = await fetch(path, {method, headers, body, credentials: 'omit', cache: 'no-store'});
  } catch (error) {
    throw new ApiError(0, {title: 'Network error', detail: `Could not reach careerbot (${error.message}).`});
  }
  if (options.raw && response.ok) return response;
  const data = await readBody(response);
  const etag = response.headers.get('etag');
  if (!response.ok) {
    const problem = data && typeof data === 'object' ? data : {detail: typeof data === 'string' && data ? data : undefined};
    const error = new ApiError(response.status, problem);
    error.etag = etag;
    if (response.status === 401 && !options.anonymous && !options.noSignOut) {
      onUnauthorized('The server refused the admin token (401). Sign in again.');
    }
    throw error;
  }
  return {status: response.status, data, etag, revision: revisionOf(etag), headers: response.headers};
}

export const get = (path, options) => request('GET', path, options);
export const post = (path, body, options = {}) => request('POST', path, {...options, body});

/** A career profile with its revision (from the ETag, else the document). */
export async function getCareer(id) {
  const result = await get(`/admin/v1/careers/${encodeURIComponent(id)}`);
  const revision = result.revision ?? result.data.revision ?? 0;
  return {profile: result.data, revision};
}
