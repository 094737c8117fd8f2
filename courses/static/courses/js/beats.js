/* The player's heartbeat to POST /api/v1/progress/.
 *
 * Every beat is first written to localStorage, then sent; it leaves the store only when the
 * server has answered it (200, or 400 which no retry can fix). A dropped connection or a closed
 * tab therefore loses nothing: the next page sends what is left. The server ignores a repeated
 * (session, seq), so sending a beat twice is harmless.
 */
(function () {
  "use strict";
  var STORE = "viewing-beats-v1";
  var MAX_KEPT = 2000;

  /* One store per person: on a shared office PC nobody's beats are sent as somebody else's. */
  function storeName(learner) {
    return STORE + ":" + learner;
  }

  function load(name) {
    try {
      return JSON.parse(window.localStorage.getItem(name) || "[]");
    } catch (error) {
      return [];
    }
  }

  function save(name, beats) {
    try {
      window.localStorage.setItem(name, JSON.stringify(beats.slice(-MAX_KEPT)));
    } catch (error) {
      /* Private mode or a full store: the beats are still sent from memory. */
    }
  }

  function key(beat) {
    return beat.session + ":" + beat.seq;
  }

  function Sender(url, csrfToken, learner, onAnswer) {
    this.url = url;
    this.csrfToken = csrfToken;
    this.store = storeName(learner);
    this.onAnswer = onAnswer || function () {};
    this.pending = load(this.store);
    this.sending = false;
    this.retryDelay = 1000;
    this.timer = null;
  }

  Sender.prototype.add = function (beat) {
    this.pending.push(beat);
    save(this.store, this.pending);
    this.flush();
  };

  Sender.prototype.forget = function (beat) {
    var gone = key(beat);
    this.pending = this.pending.filter(function (kept) { return key(kept) !== gone; });
    save(this.store, this.pending);
  };

  Sender.prototype.later = function (delay) {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.flush(); }, delay);
  };

  Sender.prototype.flush = function () {
    var self = this;
    if (this.sending || !this.pending.length) return;
    var beat = this.pending[0];
    this.sending = true;
    fetch(this.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": this.csrfToken },
      body: JSON.stringify(beat),
    })
      .then(function (response) {
        self.sending = false;
        if (response.status === 429) {
          var wait = parseInt(response.headers.get("Retry-After") || "5", 10);
          self.later(wait * 1000);
          return null;
        }
        if (response.ok || response.status === 400) {
          self.forget(beat);
          self.retryDelay = 1000;
          return response.json().then(function (answer) {
            self.onAnswer(beat, answer, response.status);
            self.flush();
          });
        }
        throw new Error("HTTP " + response.status);
      })
      .catch(function () {
        self.sending = false;
        self.retryDelay = Math.min(self.retryDelay * 2, 60000);
        self.later(self.retryDelay);
      });
  };

  /* When the page goes away fetch may be cut off: hand every kept beat to sendBeacon. They stay
   * stored until a later page hears the server's answer. */
  Sender.prototype.beaconAll = function () {
    if (!navigator.sendBeacon) return;
    var self = this;
    this.pending.forEach(function (beat) {
      var form = new URLSearchParams();
      form.append("csrfmiddlewaretoken", self.csrfToken);
      form.append("beat", JSON.stringify(beat));
      navigator.sendBeacon(self.url, form);
    });
  };

  window.addEventListener("online", function () {
    if (window.viewingSender) window.viewingSender.flush();
  });

  window.ViewingBeats = { Sender: Sender };
})();
