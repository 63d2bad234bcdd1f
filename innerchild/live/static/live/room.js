/* The live session room: one WebSocket for the room's state and signalling, peer-to-peer WebRTC
   for sound and video (nothing passes through or is recorded by the server). Configuration and
   translated strings come from the page's "live-config" JSON block; no inline script. */
(function () {
  "use strict";

  var configNode = document.getElementById("live-config");
  if (!configNode) return;
  var config = JSON.parse(configNode.textContent);
  var S = config.strings;
  var me = config.me;
  var isFacilitator = config.role === "facilitator";
  var inPerson = config.mode === "in_person";
  var withMedia = !inPerson && !config.phone;
  var FINAL_CLOSE = [4403, 4409, 4410, 4413];
  var MAX_ATTEMPTS = 12;

  var ws = null;
  var attempts = 0;
  var finished = false;
  var state = null;
  var iceServers = [];
  var peers = new Map();
  var localStream = null;
  var mediaPromise = null;
  var screenTrack = null;
  var groupJoined = false;
  var facilitatorAway = false;

  function $(id) { return document.getElementById(id); }
  function fmt(text, vars) {
    return text.replace(/%\((\w+)\)s/g, function (_m, key) { return vars[key]; });
  }
  function show(node, visible) { if (node) node.hidden = !visible; }
  function setText(id, text) { var node = $(id); if (node) node.textContent = text || ""; }
  function setStatus(text) { setText("live-status", text); }
  function person(id) {
    if (!state || !state.people) return null;
    for (var i = 0; i < state.people.length; i++) if (state.people[i].id === id) return state.people[i];
    return null;
  }
  function nameOf(id) { var p = person(id); return p ? p.name : ""; }

  // Exposed for people debugging a session in the browser console, and for the browser tests.
  window.innerchildLive = {
    peers: peers,
    state: function () { return state; },
  };

  /* The socket ------------------------------------------------------------------------------ */

  function send(type, fields) {
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    var message = { type: type, room: config.room };
    if (fields) Object.keys(fields).forEach(function (k) { message[k] = fields[k]; });
    ws.send(JSON.stringify(message));
    return true;
  }

  function connect() {
    setStatus(attempts ? S.reconnecting : S.connecting);
    var scheme = location.protocol === "https:" ? "wss:" : "ws:";
    ws = new WebSocket(scheme + "//" + location.host + config.socket);
    ws.addEventListener("open", function () { attempts = 0; setStatus(S.connected); });
    ws.addEventListener("message", function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (_e) { return; }
      handle(message);
    });
    ws.addEventListener("close", function (event) {
      if (finished || FINAL_CLOSE.indexOf(event.code) >= 0) { finished = true; return; }
      if (attempts >= MAX_ATTEMPTS) { setStatus(S.offline); return; }
      // Backing off, never reloading: the room's state comes back with the next `state`.
      var delay = Math.min(10000, 400 * Math.pow(2, attempts));
      attempts += 1;
      setStatus(S.reconnecting);
      setTimeout(connect, delay);
    });
  }

  var handlers = {
    state: function (m) {
      state = m;
      iceServers = m.ice_servers || [];
      // Our own socket is new: every peer starts a fresh connection with us.
      closeAllPeers();
      renderAll();
    },
    people: function (m) {
      if (!state) return;
      state.people = m.people;
      renderPeople();
      syncPeers();
    },
    chat: function (m) {
      if (!state || !state.chat) return;
      if (state.chat.some(function (c) { return c.id === m.message.id; })) return;
      state.chat.push(m.message);
      appendChat(m.message);
    },
    script: function (m) {
      if (!state) return;
      state.script = m.script;
      renderScript();
    },
    checkin: function (m) {
      if (!state || !state.checkins) return;
      state.checkins.push(m.checkin);
      renderTimeline();
      if (m.prompt) {
        if (isFacilitator) { setText("live-prompt", m.prompt); show($("live-prompt"), true); }
        else showGrounding(m.prompt);
      }
    },
    answer: function (m) {
      if (!state || !state.answers) return;
      state.answers.push(m.answer);
      if (isFacilitator) renderAnswers();
      else setText("live-answer-saved", S.answer_saved);
    },
    ask: function (m) {
      var node = $("live-ask");
      if (!node) return;
      node.textContent = m.kind === "feelings" ? S.ask_feelings : S.ask_distress;
      show(node, true);
      if (m.kind === "feelings") { var d = document.querySelector(".live-feelings"); if (d) d.open = true; }
    },
    break: function (m) {
      if (isFacilitator) { setText("live-prompt", m.message); show($("live-prompt"), true); }
      else showGrounding(m.message);
    },
    grounding: function (m) { showGrounding(m.message); },
    crisis_panel: function (m) { showCrisis(m.message, m.lines, m.safety_plan_url); },
    crisis: function (m) { showCrisis("", m.lines, ""); },
    end_check: function (m) { setText("live-end-check", m.message); show($("live-end-check"), true); },
    step_check: function (m) {
      var node = $("live-step-check");
      if (!node) return;
      node.textContent = m.message;
      node.dataset.step = state && state.script ? String(state.script.step) : "";
      show(node, true);
    },
    signal: function (m) { onSignal(m); },
    pong: function () {},
    error: function (m) {
      if (["closed", "ended", "replaced", "not_current", "too_large", "not_participant", "wrong_room"].indexOf(m.code) >= 0) {
        finished = true;
        closeAllPeers();
        stopLocal();
        show($("live-stage"), false);
        show($("live-waiting"), false);
        setText("live-ended", m.message);
        show($("live-ended"), true);
        setStatus(m.message);
      } else if (m.message) {
        setStatus(m.message);
      }
      // A message refused for coming too fast goes back in the box, unless something new is there.
      if (m.code === "chat_too_fast" && m.text && !$("live-chat-text").value) $("live-chat-text").value = m.text;
    },
  };

  function handle(message) {
    var handler = handlers[message.type];
    if (handler) handler(message);
  }

  /* Rendering ----------------------------------------------------------------------------- */

  function renderAll() {
    var admitted = state.me.admitted;
    show($("live-waiting"), !admitted);
    show($("live-stage"), admitted);
    renderPeople();
    if (!admitted) return;
    if (isFacilitator) renderScriptChoices();
    renderScript();
    renderTimeline();
    if (isFacilitator) renderAnswers();
    var log = $("live-chat-log");
    if (log) { log.textContent = ""; state.chat.forEach(appendChat); }
    syncPeers();
  }

  function renderPeople() {
    var list = $("live-people");
    var facilitator = null;
    state.people.forEach(function (p) { if (p.role === "facilitator") facilitator = p; });
    if (!isFacilitator) {
      var away = facilitator && !facilitator.online;
      // Grounding once when the facilitator drops, not again on every update while they are away.
      if (state.me.admitted && away && !facilitatorAway) showGrounding(S.facilitator_away);
      facilitatorAway = !!away;
      setText("live-waiting-message", away ? S.facilitator_away : S.waiting);
    }
    if (!list) return;
    list.textContent = "";
    state.people.forEach(function (p) {
      if (p.id === me) return;
      var item = document.createElement("li");
      item.className = "live-person";
      var title = document.createElement("strong");
      title.textContent = p.name;
      item.appendChild(title);
      var details = [p.online ? S.online : S.offline_person, p.ready ? S.ready : S.not_ready];
      if (p.location) {
        if (p.location.confirmed) {
          details.push(p.location.city + ", " + p.location.country);
          details.push(p.location.private ? S.private_yes : S.private_no);
        } else if (!inPerson) {
          details.push(S.no_location);
        }
      }
      var info = document.createElement("span");
      info.className = "muted";
      info.textContent = " · " + details.join(" · ");
      item.appendChild(info);
      if (!p.admitted && p.role === "member") {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "live-admit";
        button.dataset.user = String(p.id);
        button.textContent = fmt(S.admit, { name: p.name });
        item.appendChild(button);
      }
      list.appendChild(item);
    });
  }

  function renderScriptChoices() {
    var select = $("live-script-choice");
    if (!select || select.options.length) return;
    (state.scripts || []).forEach(function (s) {
      var option = document.createElement("option");
      option.value = s.id;
      option.textContent = s.title;
      select.appendChild(option);
    });
  }

  function stepTitle(step) { return step.title || S.step_types[step.type] || ""; }

  function fillStep(prefix, step) {
    setText(prefix + "-title", step ? stepTitle(step) : S.no_script);
    setText(prefix + "-text", step ? step.text : "");
    setText(prefix + "-question", step ? step.question : "");
    var lines = $(prefix + "-lines");
    if (!lines) return;
    lines.textContent = "";
    (step ? step.lines : []).forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line.say;
      lines.appendChild(item);
    });
  }

  function renderScript() {
    var script = state.script;
    var step = script ? script.current : null;
    fillStep("live-step", step);
    var stepCheck = $("live-step-check");
    if (stepCheck && stepCheck.dataset.step !== (script ? String(script.step) : "")) show(stepCheck, false);
    setText("live-script-where", script ? script.title + " · " + fmt(S.step_of, { n: script.step + 1, count: script.count }) : "");
    var pausedNote = $("live-script-paused");
    if (pausedNote) {
      pausedNote.textContent = script && script.paused_by_member ? S.paused_by_member : S.paused;
      show(pausedNote, !!(script && script.paused));
    }
    var answer = $("live-answer");
    if (answer) {
      var was = answer.dataset.step;
      show(answer, !!(step && step.takes_answer));
      if (step && was !== String(script.step)) {
        answer.dataset.step = String(script.step);
        $("live-answer-text").value = "";
        setText("live-answer-saved", "");
      }
    }
    show($("live-resume"), !!(script && script.paused));
    if (isFacilitator) {
      var next = $("live-next");
      if (next) {
        next.textContent = "";
        if (script && script.next) {
          var title = document.createElement("strong");
          title.textContent = stepTitle(script.next);
          var text = document.createElement("p");
          text.textContent = [script.next.text, script.next.question].concat(
            script.next.lines.map(function (l) { return l.say; })).filter(Boolean).join(" ");
          next.appendChild(title);
          next.appendChild(text);
        } else if (script) {
          next.textContent = S.last_step;
        }
      }
      var pause = $("live-pause");
      if (pause) {
        pause.textContent = script && script.paused ? S.resume : S.pause;
        pause.setAttribute("aria-pressed", script && script.paused ? "true" : "false");
      }
      if (script) { var select = $("live-script-choice"); if (select) select.value = script.id; }
    }
    if (script && script.paused && !isFacilitator && window.speechSynthesis) {
      speechRun += 1;
      window.speechSynthesis.cancel();
    } else if (step && !isFacilitator) {
      speakStep(script.step, step);
    }
    if (step) {
      var heading = $("live-step-title");
      if (heading && !isFacilitator && document.activeElement === document.body) heading.focus();
    }
  }

  /* Reading the step aloud, on the member's device only, with the browser's own voice. */
  var spokenStep = null;
  var speechRun = 0;
  function speakStep(index, step) {
    var toggle = $("live-voice");
    if (!toggle || !toggle.checked || !window.speechSynthesis || spokenStep === index) return;
    spokenStep = index;
    speechRun += 1;
    var run = speechRun;
    window.speechSynthesis.cancel();
    var parts = [{ say: stepTitle(step), pause: 1 }];
    if (step.text) parts.push({ say: step.text, pause: 2 });
    step.lines.forEach(function (line) { parts.push(line); });
    if (step.question) parts.push({ say: step.question, pause: 0 });
    (function next(i) {
      if (i >= parts.length || run !== speechRun || !toggle.checked) return;
      var utterance = new SpeechSynthesisUtterance(parts[i].say);
      utterance.lang = document.documentElement.lang || "en";
      utterance.addEventListener("end", function () {
        setTimeout(function () { next(i + 1); }, 1000 * (parts[i].pause || 0));
      });
      window.speechSynthesis.speak(utterance);
    })(0);
  }

  function describeCheckin(c) {
    if (c.kind === "distress") return fmt(S.distress, { rating: c.rating });
    var labels = c.feelings.map(function (id) {
      var button = document.querySelector('.live-feeling[data-feeling="' + CSS.escape(id) + '"]');
      return button ? button.textContent : id;
    });
    return fmt(S.feelings, { list: labels.join(", ") });
  }

  function renderTimeline() {
    var list = $("live-timeline");
    if (!list) return;
    list.textContent = "";
    state.checkins.forEach(function (c) {
      var item = document.createElement("li");
      var time = new Date(c.at);
      var who = isFacilitator && state.is_group ? nameOf(c.member) + ": " : "";
      item.textContent = time.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }) + " · " + who + describeCheckin(c);
      if (c.kind === "distress") {
        var bar = document.createElement("meter");
        bar.min = 0; bar.max = 10; bar.value = c.rating;
        bar.setAttribute("aria-hidden", "true");
        item.appendChild(bar);
      }
      list.appendChild(item);
    });
  }

  function renderAnswers() {
    var list = $("live-answers");
    if (!list) return;
    list.textContent = "";
    state.answers.forEach(function (a) {
      var item = document.createElement("li");
      item.textContent = (state.is_group ? nameOf(a.member) + " · " : "") + fmt(S.step_of, { n: a.step + 1, count: state.script ? state.script.count : "?" }) + ": " + a.text;
      list.appendChild(item);
    });
  }

  function appendChat(message) {
    var log = $("live-chat-log");
    if (!log) return;
    var item = document.createElement("li");
    item.className = message.author === me ? "live-chat-mine" : "live-chat-theirs";
    var who = document.createElement("strong");
    who.textContent = (message.author === me ? S.you : message.name) + ": ";
    item.appendChild(who);
    item.appendChild(document.createTextNode(message.text));
    log.appendChild(item);
    log.parentNode.scrollTop = log.parentNode.scrollHeight;
  }

  function showGrounding(message) {
    var panel = $("live-grounding");
    if (!panel) return;
    setText("live-grounding-message", message);
    var wasHidden = panel.hidden;
    show(panel, true);
    if (wasHidden) panel.focus();
  }

  function showCrisis(message, lines, planUrl) {
    var panel = $("live-crisis");
    if (!panel) return;
    setText("live-crisis-message", message);
    var list = $("live-crisis-lines");
    list.textContent = "";
    var emergency = document.createElement("li");
    var link = document.createElement("a");
    link.href = lines.emergency_href;
    link.textContent = lines.emergency;
    emergency.appendChild(link);
    list.appendChild(emergency);
    lines.lines.forEach(function (line) {
      var item = document.createElement("li");
      item.appendChild(document.createTextNode(line.name + " "));
      if (line.tel_href) {
        var call = document.createElement("a");
        call.href = line.tel_href;
        call.textContent = line.call;
        item.appendChild(call);
      }
      if (line.hours) item.appendChild(document.createTextNode(" (" + line.hours + ")"));
      list.appendChild(item);
    });
    var plan = $("live-crisis-plan");
    if (plan) { plan.hidden = !planUrl; if (planUrl) plan.href = planUrl; }
    show(panel, true);
    panel.focus();
  }

  /* Media ----------------------------------------------------------------------------------- */

  function mediaStatus(text) { setText("live-media-status", text); }
  // What this device can send (no camera, no microphone) stays on screen beside the connection.
  function deviceStatus(text) { setText("live-media-device", text); show($("live-media-device"), !!text); }

  function getMedia() {
    if (mediaPromise) return mediaPromise;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      deviceStatus(S.chat_only);
      mediaPromise = Promise.resolve(null);
      return mediaPromise;
    }
    mediaPromise = navigator.mediaDevices.getUserMedia({ audio: true, video: true })
      .catch(function () {
        deviceStatus(S.audio_only);
        return navigator.mediaDevices.getUserMedia({ audio: true, video: false });
      })
      .catch(function () { deviceStatus(S.chat_only); return null; })
      .then(function (stream) {
        localStream = stream;
        if (stream) {
          var local = $("live-local");
          if (local) local.srcObject = stream;
          var preview = $("live-preview");
          if (preview) preview.srcObject = stream;
          stream.getVideoTracks().forEach(function (track) {
            track.addEventListener("ended", function () {
              if (track === screenTrack) return;
              // The camera went away (unplugged, permission taken back): sound goes on, and the
              // camera button no longer offers what is not there.
              if (localStream) localStream.removeTrack(track);
              deviceStatus(S.camera_lost);
              renderToggles();
            });
          });
        }
        renderToggles();
        return stream;
      });
    return mediaPromise;
  }

  function stopLocal() {
    if (localStream) localStream.getTracks().forEach(function (t) { t.stop(); });
    if (screenTrack) screenTrack.stop();
  }

  function renderToggles() {
    var mic = $("live-mic");
    var cam = $("live-cam");
    var audio = localStream ? localStream.getAudioTracks()[0] : null;
    var video = localStream ? localStream.getVideoTracks()[0] : null;
    if (mic) {
      mic.disabled = !audio;
      mic.textContent = audio && audio.enabled ? S.mic_on : S.mic_off;
      mic.setAttribute("aria-pressed", audio && audio.enabled ? "true" : "false");
    }
    if (cam) {
      cam.disabled = !video;
      cam.textContent = video && video.enabled ? S.cam_on : S.cam_off;
      cam.setAttribute("aria-pressed", video && video.enabled ? "true" : "false");
    }
  }

  function peerStatus() {
    var states = [];
    peers.forEach(function (peer) { if (peer.pc) states.push(peer.pc.connectionState); });
    if (!states.length) return;
    if (states.every(function (s) { return s === "connected"; })) mediaStatus(S.media_connected);
    else if (states.some(function (s) { return s === "failed"; })) mediaStatus(S.media_failed);
    else mediaStatus(S.media_connecting);
  }

  function remoteVideo(id) {
    var box = $("live-remotes");
    var video = document.getElementById("live-remote-" + id);
    if (!video && box) {
      video = document.createElement("video");
      video.id = "live-remote-" + id;
      video.className = "live-video";
      video.autoplay = true;
      video.playsInline = true;
      video.setAttribute("aria-label", fmt(S.remote_video, { name: nameOf(id) }));
      box.appendChild(video);
    }
    return video;
  }

  function newPeer(id, connection) {
    var pc = new RTCPeerConnection({ iceServers: iceServers });
    var peer = { pc: pc, connection: connection, pending: [], stream: new MediaStream() };
    peers.set(id, peer);
    if (localStream) {
      localStream.getTracks().forEach(function (track) { pc.addTrack(track, localStream); });
    }
    if (!localStream || !localStream.getAudioTracks().length) pc.addTransceiver("audio", { direction: "recvonly" });
    if (!localStream || !localStream.getVideoTracks().length) pc.addTransceiver("video", { direction: "recvonly" });
    pc.addEventListener("icecandidate", function (event) {
      send("signal", { to: id, data: { kind: "candidate", candidate: event.candidate ? event.candidate.toJSON() : null } });
    });
    pc.addEventListener("track", function (event) {
      peer.stream.addTrack(event.track);
      var video = remoteVideo(id);
      if (video && video.srcObject !== peer.stream) video.srcObject = peer.stream;
    });
    pc.addEventListener("connectionstatechange", peerStatus);
    peerStatus();
    return peer;
  }

  function closePeer(id) {
    var peer = peers.get(id);
    if (peer && peer.pc) peer.pc.close();
    peers.delete(id);
    var video = document.getElementById("live-remote-" + id);
    if (video) video.remove();
  }

  function closeAllPeers() {
    Array.from(peers.keys()).forEach(closePeer);
  }

  function syncPeers() {
    if (!withMedia || !state || !state.me.admitted || finished) return;
    if (state.media_error) { mediaStatus(state.media_error); return; }
    if (state.janus) { joinGroup(); return; }
    getMedia().then(function () {
      var others = state.people.filter(function (p) { return p.id !== me && p.admitted && p.online; });
      var wanted = new Set(others.map(function (p) { return p.id; }));
      Array.from(peers.keys()).forEach(function (id) { if (!wanted.has(id)) closePeer(id); });
      others.forEach(function (p) {
        var peer = peers.get(p.id);
        if (peer && peer.connection === p.connection) return;
        if (peer) closePeer(p.id);
        // The person with the smaller id offers; the other waits for the offer.
        if (me < p.id) offer(p.id, p.connection);
        else peers.set(p.id, { pc: null, connection: p.connection, pending: [] });
      });
    });
  }

  function offer(id, connection) {
    var peer = newPeer(id, connection);
    peer.pc.createOffer()
      .then(function (description) { return peer.pc.setLocalDescription(description); })
      .then(function () {
        send("signal", { to: id, data: { kind: "offer", sdp: peer.pc.localDescription.sdp } });
      })
      .catch(function () { mediaStatus(S.media_failed); });
  }

  function flush(peer) {
    var pending = peer.pending;
    peer.pending = [];
    pending.forEach(function (c) { peer.pc.addIceCandidate(c).catch(function () {}); });
  }

  function onSignal(m) {
    if (!withMedia) return;
    var data = m.data;
    var peer = peers.get(m.from);
    if (data.kind === "offer") {
      getMedia().then(function () {
        peer = peers.get(m.from);
        if (!peer || peer.connection !== m.connection || !peer.pc || peer.pc.signalingState !== "stable") {
          closePeer(m.from);
          peer = newPeer(m.from, m.connection);
        }
        peer.pc.setRemoteDescription({ type: "offer", sdp: data.sdp })
          .then(function () { flush(peer); return peer.pc.createAnswer(); })
          .then(function (answer) { return peer.pc.setLocalDescription(answer); })
          .then(function () {
            send("signal", { to: m.from, data: { kind: "answer", sdp: peer.pc.localDescription.sdp } });
          })
          .catch(function () { mediaStatus(S.media_failed); });
      });
    } else if (data.kind === "answer") {
      if (!peer || !peer.pc || peer.connection !== m.connection) return;
      peer.pc.setRemoteDescription({ type: "answer", sdp: data.sdp })
        .then(function () { flush(peer); })
        .catch(function () { mediaStatus(S.media_failed); });
    } else if (data.kind === "candidate") {
      if (!peer || peer.connection !== m.connection) return;
      if (!data.candidate) return;
      if (peer.pc && peer.pc.remoteDescription) peer.pc.addIceCandidate(data.candidate).catch(function () {});
      else peer.pending.push(data.candidate);
    }
  }

  function joinGroup() {
    if (groupJoined) return;
    if (!window.InnerchildGroup) { mediaStatus(S.group_needs_server); return; }
    groupJoined = true;
    var me = person(config.me);
    getMedia().then(function (stream) {
      return window.InnerchildGroup.join({
        roomId: state.janus.room,
        token: state.janus.token,
        publisherId: state.janus.id,
        display: me ? me.name : "",
        localStream: stream || undefined,
        iceServers: iceServers,
        container: $("live-remotes"),
        onState: function (groupState) {
          if (groupState === "connected" || groupState === "publishing") mediaStatus(S.media_connected);
          else if (["error", "removed", "disconnected", "closed"].indexOf(groupState) >= 0) mediaStatus(S.media_failed);
          else mediaStatus(S.media_connecting);
        },
      });
    }).catch(function () { groupJoined = false; mediaStatus(S.media_failed); });
  }

  function toggleShare() {
    var button = $("live-share");
    if (screenTrack) {
      var camera = localStream ? localStream.getVideoTracks()[0] : null;
      replaceVideo(camera || null);
      screenTrack.stop();
      screenTrack = null;
      button.textContent = S.share;
      button.setAttribute("aria-pressed", "false");
      return;
    }
    if (!navigator.mediaDevices.getDisplayMedia) return;
    navigator.mediaDevices.getDisplayMedia({ video: true }).then(function (stream) {
      screenTrack = stream.getVideoTracks()[0];
      replaceVideo(screenTrack);
      button.textContent = S.stop_share;
      button.setAttribute("aria-pressed", "true");
      screenTrack.addEventListener("ended", function () { if (screenTrack) toggleShare(); });
    }).catch(function () {});
  }

  function replaceVideo(track) {
    // Replacing the track needs no renegotiation, whoever made the offer.
    peers.forEach(function (peer) {
      if (!peer.pc) return;
      peer.pc.getSenders().forEach(function (sender) {
        if (sender.track && sender.track.kind === "video") sender.replaceTrack(track);
        else if (!sender.track && track) {
          var t = peer.pc.getTransceivers().find(function (x) { return x.sender === sender && x.receiver.track.kind === "video"; });
          if (t) sender.replaceTrack(track);
        }
      });
    });
  }

  /* Camera and microphone check in the waiting room --------------------------------------- */

  function checkDevices() {
    getMedia().then(function (stream) {
      if (!stream) { setText("live-check-message", S.chat_only); return; }
      setText("live-check-message", stream.getVideoTracks().length ? S.media_connected : S.audio_only);
      var meter = $("live-mic-level");
      var AudioCtx = window.AudioContext || window.webkitAudioContext;
      if (!meter || !AudioCtx || !stream.getAudioTracks().length) return;
      var context = new AudioCtx();
      var analyser = context.createAnalyser();
      context.createMediaStreamSource(stream).connect(analyser);
      var data = new Uint8Array(analyser.fftSize);
      var frames = 0;
      (function tick() {
        analyser.getByteTimeDomainData(data);
        var peak = 0;
        for (var i = 0; i < data.length; i++) peak = Math.max(peak, Math.abs(data[i] - 128) / 128);
        meter.value = peak;
        frames += 1;
        // A short check: about ten seconds of level, then the meter rests.
        if (frames < 600) requestAnimationFrame(tick);
        else context.close();
      })();
    });
  }

  /* Controls ------------------------------------------------------------------------------ */

  function on(id, event, handler) { var node = $(id); if (node) node.addEventListener(event, handler); }

  on("live-chat-form", "submit", function (event) {
    event.preventDefault();
    var text = $("live-chat-text");
    if (text.value.trim() && send("chat", { text: text.value.trim() })) text.value = "";
  });
  on("live-location", "submit", function (event) {
    event.preventDefault();
    var city = $("live-city").value.trim();
    if (!city) { $("live-city").focus(); return; }
    if (send("location", { country: $("live-country").value, city: city, private: $("live-private").checked })) {
      setText("live-location-saved", city + ", " + $("live-country").value);
    }
  });
  on("live-ready", "click", function () {
    var button = $("live-ready");
    var ready = button.getAttribute("aria-pressed") !== "true";
    if (send("ready", { ready: ready })) button.setAttribute("aria-pressed", ready ? "true" : "false");
  });
  on("live-check-button", "click", checkDevices);
  on("live-people", "click", function (event) {
    var button = event.target.closest(".live-admit");
    if (button) send("admit", { user: Number(button.dataset.user) });
  });
  on("live-script-pick", "submit", function (event) {
    event.preventDefault();
    send("script.pick", { script: $("live-script-choice").value });
  });
  on("live-next-step", "click", function () {
    // A second press while the distress warning shows is the facilitator's decision to go on.
    var check = $("live-step-check");
    var confirming = !!(check && !check.hidden);
    if (state && state.script && state.script.step + 1 < state.script.count) send("script.step", { step: state.script.step + 1, confirm: confirming });
  });
  on("live-prev", "click", function () {
    if (state && state.script && state.script.step > 0) send("script.step", { step: state.script.step - 1 });
  });
  on("live-pause", "click", function () {
    if (state && state.script) send("pause", { paused: !state.script.paused });
  });
  on("live-break", "click", function () { send("break"); });
  on("live-resume", "click", function () { send("pause", { paused: false }); });
  on("live-ask-distress", "click", function () { send("checkin.ask", { kind: "distress" }); });
  on("live-ask-feelings", "click", function () { send("checkin.ask", { kind: "feelings" }); });
  on("live-end", "click", function () {
    var confirming = !$("live-end-check").hidden;
    send("end", { confirm: confirming });
  });
  on("live-answer", "submit", function (event) {
    event.preventDefault();
    var text = $("live-answer-text").value.trim();
    if (text && state && state.script) send("answer", { step: state.script.step, text: text });
  });
  document.querySelectorAll(".live-rating").forEach(function (button) {
    button.addEventListener("click", function () {
      if (send("checkin", { rating: Number(button.dataset.rating) })) show($("live-ask"), false);
    });
  });
  document.querySelectorAll(".live-feeling").forEach(function (button) {
    button.addEventListener("click", function () {
      if (send("checkin", { feelings: [button.dataset.feeling] })) show($("live-ask"), false);
    });
  });
  document.querySelectorAll("[data-close]").forEach(function (button) {
    button.addEventListener("click", function () { show($(button.dataset.close), false); });
  });
  on("live-mic", "click", function () {
    var track = localStream && localStream.getAudioTracks()[0];
    if (track) { track.enabled = !track.enabled; renderToggles(); }
  });
  on("live-cam", "click", function () {
    var track = localStream && localStream.getVideoTracks()[0];
    if (track) { track.enabled = !track.enabled; renderToggles(); }
  });
  on("live-share", "click", toggleShare);
  if (window.speechSynthesis && $("live-voice")) {
    $("live-voice").closest("label").hidden = false;
    on("live-voice", "change", function () {
      if (!$("live-voice").checked) { speechRun += 1; window.speechSynthesis.cancel(); return; }
      spokenStep = null;
      if (state && state.script && state.script.current) speakStep(state.script.step, state.script.current);
    });
  }
  window.addEventListener("pagehide", function () { finished = true; if (ws) ws.close(1000); });

  connect();
})();
