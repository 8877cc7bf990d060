'use strict';

// The browser flow only: the session token and the JWT live in HttpOnly cookies that this script never sees.
// Unsafe requests carry the CSRF token from GET /auth/csrf. Every login and re-authentication replaces the
// CSRF cookie, so the token is fetched again after them.

const $ = (id) => document.getElementById(id);
let csrfToken = null;
let jwtExpiresAt = null;

async function csrf(refresh) {
    if (!csrfToken || refresh) {
        const response = await fetch('/auth/csrf', { credentials: 'same-origin' });
        csrfToken = await response.json();
    }
    return csrfToken;
}

async function call(method, path, body, retried) {
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') {
        const token = await csrf();
        headers[token.header_name] = token.token;
    }
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(path, {
        method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body)
    });
    if (response.status === 403 && method !== 'GET' && !retried) {
        await csrf(true);
        return call(method, path, body, true);
    }
    const text = await response.text();
    let json = null;
    try {
        json = text ? JSON.parse(text) : null;
    } catch (ignored) {
        json = text;
    }
    return { status: response.status, json, challenge: response.headers.get('WWW-Authenticate') || '' };
}

function show(panels) {
    for (const id of ['login-panel', 'session-panel', 'actions-panel', 'devices-panel', 'admin-panel']) {
        $(id).hidden = !panels.includes(id);
    }
}

function time(iso) {
    return iso ? new Date(iso).toLocaleString() : '';
}

function report(element, result, label) {
    element.textContent = `${result.status} ${label}\n` + JSON.stringify(result.json, null, 2);
    element.className = result.status < 300 ? 'ok' : 'error';
}

async function load() {
    const session = await call('GET', '/auth/session');
    if (session.status !== 200) {
        show(['login-panel']);
        return;
    }
    const s = session.json;
    $('session-user').textContent = s.user_id;
    $('session-authorities').textContent = s.authorities.join(', ');
    $('session-via').textContent = s.authenticated_via;
    $('session-id').textContent = s.session_id;
    $('session-expires').textContent = time(s.expires_at);
    $('session-authenticated-at').textContent = time(s.authenticated_at);
    const jwt = await call('GET', '/api/session-jwt');
    if (jwt.status === 200 && jwt.json.present) {
        $('jwt-claims').textContent = JSON.stringify(jwt.json.claims, null, 2);
        jwtExpiresAt = new Date(jwt.json.expires_at);
    }
    tick();
    const panels = ['session-panel', 'actions-panel', 'devices-panel'];
    if (s.authorities.includes('ROLE_ADMIN')) {
        panels.push('admin-panel');
    }
    show(panels);
    await loadDevices();
}

function tick() {
    if (jwtExpiresAt) {
        const seconds = Math.round((jwtExpiresAt - Date.now()) / 1000);
        $('jwt-expires').textContent = `${jwtExpiresAt.toLocaleTimeString()} `
            + (seconds > 0 ? `(in ${seconds} s)` : '(expired: the next request refreshes it)');
    }
}

async function loadDevices() {
    const result = await call('GET', '/auth/sessions');
    const rows = $('devices');
    rows.replaceChildren();
    if (result.status !== 200) {
        return;
    }
    for (const device of result.json.sessions) {
        const row = document.createElement('tr');
        row.className = device.current ? 'current' : '';
        row.dataset.sessionId = device.session_id;
        for (const value of [time(device.started_at), time(device.last_accessed_at), device.ip_address || '',
            (device.user_agent || '').slice(0, 40)]) {
            const cell = document.createElement('td');
            cell.textContent = value;
            row.appendChild(cell);
        }
        const action = document.createElement('td');
        if (device.current) {
            const badge = document.createElement('span');
            badge.className = 'badge';
            badge.textContent = 'this device';
            action.appendChild(badge);
        } else {
            const revoke = document.createElement('button');
            revoke.className = 'secondary revoke';
            revoke.textContent = 'Revoke';
            revoke.addEventListener('click', async () => {
                await call('DELETE', `/auth/sessions/${encodeURIComponent(device.session_id)}`);
                await loadDevices();
            });
            action.appendChild(revoke);
        }
        row.appendChild(action);
        rows.appendChild(row);
    }
}

$('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('login-error').textContent = '';
    const result = await call('POST', '/auth/login', { username: $('username').value, password: $('password').value });
    if (result.status === 200) {
        csrfToken = null;
        await load();
    } else {
        $('login-error').textContent = result.json && result.json.detail ? result.json.detail : `Error ${result.status}`;
    }
});

$('logout-button').addEventListener('click', async () => {
    await call('POST', '/auth/logout');
    jwtExpiresAt = null;
    show(['login-panel']);
});

$('reports-button').addEventListener('click', async () => {
    report($('action-result'), await call('GET', '/api/reports'), 'reports');
    await load();
});

$('transfer-button').addEventListener('click', async () => {
    report($('action-result'), await call('POST', '/api/transfers', { amount: 10, to: 'bob' }), 'transfer');
});

async function changeEmail() {
    const result = await call('POST', '/api/account/email', { email: 'new@example.com' });
    if (result.status === 401 && result.challenge.includes('insufficient_user_authentication')) {
        $('step-up-form').hidden = false;
        $('step-up-password').focus();
    }
    report($('action-result'), result, 'change e-mail');
}

$('email-button').addEventListener('click', changeEmail);

$('step-up-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = await call('POST', '/auth/reauthenticate', { password: $('step-up-password').value });
    $('step-up-password').value = '';
    if (result.status === 200) {
        csrfToken = null;
        $('step-up-form').hidden = true;
        await changeEmail();
        await load();
    } else {
        report($('action-result'), result, 're-authentication');
    }
});

$('revoke-others-button').addEventListener('click', async () => {
    await call('DELETE', '/auth/sessions');
    await loadDevices();
});

$('roles-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const roles = $('roles-value').value.split(',').map((role) => role.trim()).filter((role) => role);
    const user = encodeURIComponent($('roles-user').value.trim());
    report($('roles-result'), await call('PUT', `/api/admin/users/${user}/roles`, { roles }), 'roles');
});

$('enabled-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const enabled = event.submitter.value === 'true';
    const user = encodeURIComponent($('enabled-user').value.trim());
    report($('enabled-result'), await call('PUT', `/api/admin/users/${user}/enabled`, { enabled }),
        enabled ? 'enable' : 'disable');
});

setInterval(tick, 1000);
load();
