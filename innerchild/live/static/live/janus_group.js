"use strict";
// Group sessions through Janus (VideoRoom plugin), for the room page.
//
// Needs /static/vendor/adapter.js and /static/vendor/janus.js loaded first (both served by this
// app: no CDN). Usage:
//
//   const group = await window.InnerchildGroup.join({
//     server: "/janus",            // Janus HTTP API on this origin, through the proxy (default)
//     iceServers: [...],           // from the server (short-lived TURN credentials)
//     roomId: 123, token: "...",   // from the server: the room and this person's join token
//     publisherId: 456,            // optional: a fixed id, so the server can remove this person
//     display: "Alice",
//     localStream,                 // the MediaStream from getUserMedia
//     onRemoteTrack({feedId, display, track, on}),   // on=false: the track went away
//     onLeave({feedId, display}),                     // someone left the room
//     onState(state, detail),      // connecting, joined, publishing, connected, disconnected,
//                                  // closed, removed, error
//   });
//   group.setMuted("audio", true); await group.leave();
//
// Also accepted: `room`, `id`, `stream` for roomId, publisherId, localStream; and `container`,
// an element in which each other person gets a <figure> with their video (and sound) and their
// display name, removed when they leave.
//
// Strings shown to people are the room page's; this module only reports states.
(function () {
  const PLUGIN = "janus.plugin.videoroom";
  const JOIN_TIMEOUT_MS = 20000;
  let initialised = null;

  function noop() {}

  function init() {
    if (!initialised) {
      initialised = new Promise(function (resolve) {
        window.Janus.init({
          debug: false,
          dependencies: window.Janus.useDefaultDependencies({ adapter: window.adapter }),
          callback: resolve,
        });
      });
    }
    return initialised;
  }

  function connect(options) {
    return new Promise(function (resolve, reject) {
      const janus = new window.Janus({
        server: options.server || "/janus",
        iceServers: options.iceServers || [],
        iceTransportPolicy: options.iceTransportPolicy,
        success: function () {
          resolve(janus);
        },
        error: function (cause) {
          reject(new Error(String(cause)));
        },
        destroyed: noop,
      });
    });
  }

  function attach(janus, callbacks) {
    return new Promise(function (resolve, reject) {
      janus.attach(
        Object.assign({}, callbacks, {
          plugin: PLUGIN,
          success: resolve,
          error: function (cause) {
            reject(new Error(String(cause)));
          },
        }),
      );
    });
  }

  function answer(handle, jsep) {
    return new Promise(function (resolve, reject) {
      handle.createAnswer({
        jsep: jsep,
        tracks: [],
        success: resolve,
        error: function (cause) {
          reject(new Error(String(cause && cause.message ? cause.message : cause)));
        },
      });
    });
  }

  function offer(handle, stream) {
    const tracks = stream.getTracks().map(function (track) {
      return { type: track.kind, capture: track, recv: false };
    });
    return new Promise(function (resolve, reject) {
      handle.createOffer({
        tracks: tracks,
        success: resolve,
        error: function (cause) {
          reject(new Error(String(cause && cause.message ? cause.message : cause)));
        },
      });
    });
  }

  function figureFor(container, feedId) {
    const found = Array.prototype.find.call(container.children, function (child) {
      return child.dataset && child.dataset.feed === String(feedId);
    });
    return found || null;
  }

  function showTrack(container, event) {
    let figure = figureFor(container, event.feedId);
    if (!event.on) {
      if (figure) {
        const stream = figure.querySelector("video").srcObject;
        stream.getTracks().forEach(function (track) {
          if (track.id === event.track.id) {
            stream.removeTrack(track);
          }
        });
      }
      return;
    }
    if (!figure) {
      figure = document.createElement("figure");
      figure.dataset.feed = String(event.feedId);
      const video = document.createElement("video");
      video.autoplay = true;
      video.playsInline = true;
      video.srcObject = new MediaStream();
      const caption = document.createElement("figcaption");
      caption.textContent = event.display || "";
      figure.appendChild(video);
      figure.appendChild(caption);
      container.appendChild(figure);
    }
    const video = figure.querySelector("video");
    if (!video.srcObject.getTrackById(event.track.id)) {
      video.srcObject.addTrack(event.track);
    }
    video.play().catch(noop);
  }

  function hideFeed(container, feedId) {
    const figure = figureFor(container, feedId);
    if (figure) {
      figure.remove();
    }
  }

  async function join(given) {
    const options = Object.assign({}, given, {
      roomId: given.roomId !== undefined ? given.roomId : given.room,
      publisherId: given.publisherId !== undefined ? given.publisherId : given.id,
      localStream: given.localStream || given.stream,
    });
    const container = options.container || null;
    const onRemoteTrack = function (event) {
      if (container && event.feedId !== undefined) {
        showTrack(container, event);
      }
      (options.onRemoteTrack || noop)(event);
    };
    const onLeave = function (event) {
      if (container) {
        hideFeed(container, event.feedId);
      }
      (options.onLeave || noop)(event);
    };
    const onState = options.onState || noop;
    const feeds = new Map(); // feed id -> display
    const streamsByMid = new Map(); // subscriber mid -> {feedId, display}
    let subscriber = null;
    let subscriberReady = false;
    let subscriberBusy = false;
    let pendingAdd = [];
    let pendingRemove = [];
    let privateId = null;
    let closed = false;
    let resolveJoined;
    let rejectJoined;
    const joined = new Promise(function (resolve, reject) {
      resolveJoined = resolve;
      rejectJoined = reject;
    });

    onState("connecting");
    await init();
    const janus = await connect(options);

    function rememberStreams(streams) {
      (streams || []).forEach(function (stream) {
        if (stream.mid !== undefined && stream.feed_id !== undefined) {
          streamsByMid.set(String(stream.mid), {
            feedId: stream.feed_id,
            display: stream.feed_display,
          });
        }
      });
    }

    async function flushSubscriptions() {
      if (subscriberBusy || closed) {
        return;
      }
      if (!subscriber) {
        if (!pendingAdd.length) {
          return;
        }
        subscriberBusy = true;
        subscriber = await attach(janus, {
          onmessage: onSubscriberMessage,
          onremotetrack: function (track, mid, on) {
            const from = streamsByMid.get(String(mid)) || {};
            onRemoteTrack({ feedId: from.feedId, display: from.display, track: track, on: on });
          },
        });
        const streams = pendingAdd.map(function (id) {
          return { feed: id };
        });
        pendingAdd = [];
        const request = {
          message: {
            request: "join",
            ptype: "subscriber",
            room: options.roomId,
            token: options.token,
            streams: streams,
          },
        };
        if (privateId) {
          request.message.private_id = privateId;
        }
        subscriber.send(request);
        return;
      }
      if (!subscriberReady) {
        return;
      }
      if (pendingRemove.length) {
        subscriberBusy = true;
        const streams = pendingRemove.map(function (id) {
          return { feed: id };
        });
        pendingRemove = [];
        subscriber.send({ message: { request: "unsubscribe", streams: streams } });
      } else if (pendingAdd.length) {
        subscriberBusy = true;
        const streams = pendingAdd.map(function (id) {
          return { feed: id };
        });
        pendingAdd = [];
        subscriber.send({ message: { request: "subscribe", streams: streams } });
      }
    }

    async function onSubscriberMessage(message, jsep) {
      if (message.error) {
        onState("error", message.error);
        subscriberBusy = false;
        return;
      }
      rememberStreams(message.streams);
      if (jsep) {
        try {
          const reply = await answer(subscriber, jsep);
          subscriber.send({ message: { request: "start" }, jsep: reply });
        } catch (error) {
          onState("error", error.message);
        }
      }
      if (message.videoroom === "attached" || message.videoroom === "updated" || jsep) {
        subscriberReady = true;
        subscriberBusy = false;
        flushSubscriptions();
      }
    }

    function published(list) {
      (list || []).forEach(function (publisher) {
        if (feeds.has(publisher.id)) {
          return;
        }
        feeds.set(publisher.id, publisher.display);
        pendingAdd.push(publisher.id);
      });
      flushSubscriptions();
    }

    function gone(feedId) {
      if (!feeds.has(feedId)) {
        return;
      }
      const display = feeds.get(feedId);
      feeds.delete(feedId);
      pendingAdd = pendingAdd.filter(function (id) {
        return id !== feedId;
      });
      if (subscriber) {
        pendingRemove.push(feedId);
        flushSubscriptions();
      }
      onLeave({ feedId: feedId, display: display });
    }

    const publisher = await attach(janus, {
      onmessage: async function (message, jsep) {
        if (jsep) {
          publisher.handleRemoteJsep({ jsep: jsep });
        }
        if (message.videoroom === "joined") {
          privateId = message.private_id;
          onState("joined", { id: message.id });
          resolveJoined(message.id);
          published(message.publishers);
          if (!options.localStream) {
            // No camera or microphone: this person only watches and listens.
            return;
          }
          try {
            const local = await offer(publisher, options.localStream);
            publisher.send({
              message: { request: "configure", audio: true, video: true },
              jsep: local,
            });
            onState("publishing");
          } catch (error) {
            onState("error", error.message);
          }
        } else if (message.videoroom === "destroyed") {
          onState("closed", "destroyed");
          leave();
        } else if (message.videoroom === "event") {
          if (message.error) {
            onState("error", message.error);
            rejectJoined(new Error(message.error));
            return;
          }
          published(message.publishers);
          if (message.leaving === "ok") {
            // Janus sent this person out (kicked, or the room is closing).
            onState("removed", message.reason || "left");
            leave();
            return;
          }
          [message.unpublished, message.leaving, message.kicked].forEach(function (feedId) {
            if (feedId !== undefined && feedId !== "ok") {
              gone(feedId);
            }
          });
        }
      },
      webrtcState: function (up) {
        onState(up ? "connected" : "disconnected");
      },
    });

    publisher.send({
      message: {
        request: "join",
        ptype: "publisher",
        room: options.roomId,
        token: options.token,
        display: options.display,
        id: options.publisherId,
      },
    });

    function leave() {
      if (closed) {
        return Promise.resolve();
      }
      closed = true;
      return new Promise(function (resolve) {
        janus.destroy({
          cleanupHandles: true,
          success: resolve,
          error: resolve,
        });
      }).then(function () {
        onState("closed");
      });
    }

    const timer = setTimeout(function () {
      rejectJoined(new Error("no answer from the media server"));
    }, JOIN_TIMEOUT_MS);
    try {
      await joined;
    } catch (error) {
      await leave();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return {
      leave: leave,
      setMuted: function (kind, muted) {
        (options.localStream ? options.localStream.getTracks() : []).forEach(function (track) {
          if (track.kind === kind) {
            track.enabled = !muted;
          }
        });
      },
    };
  }

  window.InnerchildGroup = { join: join };
})();
