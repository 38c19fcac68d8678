// Live updates for the board page. Without this script the page works the same: posting is a
// plain form (Post-Redirect-Get) and a reload shows new messages. With it, messages posted
// anywhere appear here as they are committed, and times are shown in the reader's time zone.
'use strict';

(() => {
  const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

  const showLocalTime = (time) => {
    const posted = new Date(time.dateTime);
    if (!Number.isNaN(posted.getTime())) {
      time.textContent = timeFormat.format(posted);
      time.title = posted.toISOString();
    }
  };

  // Built from text nodes only: whatever a message says, it never becomes markup.
  const renderMessage = (message) => {
    const item = document.createElement('li');
    item.className = 'message';
    item.id = `m${message.id}`;
    const text = document.createElement('p');
    text.className = 'text';
    text.textContent = message.text;
    const time = document.createElement('time');
    time.dateTime = message.postedAt;
    showLocalTime(time);
    item.append(text, time);
    return item;
  };

  const nearBottom = () =>
    window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 120;

  // The newest message sits just above the form: at the very end of the page the form is in its
  // own place below the list, not over it.
  const scrollToNewest = () => window.scrollTo({ top: document.documentElement.scrollHeight });

  const start = () => {
    document.querySelectorAll('time[datetime]').forEach(showLocalTime);

    const list = document.getElementById('messages');
    const after = list?.dataset.liveAfter;
    if (!list || after === undefined) {
      return;
    }

    // The newest page opens at its newest message, as a chat does.
    scrollToNewest();
    if (!('EventSource' in window)) {
      return;
    }

    // After the first event the browser resumes with Last-Event-ID, which the server prefers
    // to this query: a reconnect neither misses nor repeats a message.
    const stream = list.dataset.liveEvents ?? '/events';
    const events = new EventSource(`${stream}?after=${encodeURIComponent(after)}`);
    events.addEventListener('message', (event) => {
      const message = JSON.parse(event.data);
      if (document.getElementById(`m${message.id}`)) {
        return;
      }

      const follow = nearBottom();
      list.append(renderMessage(message));
      document.getElementById('empty')?.remove();
      document.body.dataset.liveCount = String(Number(document.body.dataset.liveCount ?? 0) + 1);
      if (follow) {
        scrollToNewest();
      }
    });
    // A message the operator removed: its place stays, its text goes, as on a reloaded page.
    events.addEventListener('removed', (event) => {
      const { id } = JSON.parse(event.data);
      const item = document.getElementById(`m${id}`);
      const text = item?.querySelector('.text');
      if (text) {
        item.classList.add('removed');
        text.textContent = list.dataset.removedText ?? 'This message was removed.';
      }
    });
    events.addEventListener('open', () => { document.body.dataset.live = 'open'; });
    events.addEventListener('error', () => { document.body.dataset.live = 'reconnecting'; });
  };

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
