// The services answer a command before their read models show it (the views are projected from Kafka). After an
// action a page asks again, with back-off, until the change shows, saying so in a status region meanwhile; it gives
// up after about half a minute and says the change is still on its way.
const DELAYS_MS = [250, 500, 750, 1000, 1500, 2000, 3000, 4000, 5000, 6000, 6000];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `load` (which renders and returns what it read, or null when it failed) until `shows(result)` holds or the
 * delays run out. `status` is a role="status" (aria-live) element: "Updating…" while waiting, `done` once the change
 * shows, `late` when it did not show in time. Resolves to whether the change showed.
 */
export async function settle(status, load, shows, { done = '', late = 'Still being processed; refresh in a moment.' } = {}) {
  status.textContent = 'Updating…';
  status.classList.add('updating');
  try {
    for (const delay of [0, ...DELAYS_MS]) {
      if (delay) await sleep(delay);
      const result = await load();
      if (result != null && shows(result)) {
        status.textContent = done;
        return true;
      }
    }
    status.textContent = late;
    return false;
  } finally {
    status.classList.remove('updating');
  }
}
