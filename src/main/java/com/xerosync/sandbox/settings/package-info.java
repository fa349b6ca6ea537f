/**
 * What the sandbox is set to: its sizes, seed, app, plan and scopes ({@link
 * com.xerosync.sandbox.settings.SandboxSettings}), and its time: the history window leading up to today and the
 * clock that stamps changes.
 */
package com.xerosync.sandbox.settings;
