"use strict";
// Test-only: joins the group with janus_group.js and counts what arrives from each other person.
(function () {
  const received = {};
  const states = [];
  let group = null;

  function countFrames(video, entry) {
    function tick() {
      entry.videoFrames += 1;
      video.requestVideoFrameCallback(tick);
    }
    video.requestVideoFrameCallback(tick);
  }

  function onRemoteTrack(event) {
    if (!event.on) {
      return;
    }
    const who = event.display || String(event.feedId);
    const entry = received[who] || (received[who] = { audio: 0, video: 0, videoFrames: 0 });
    entry[event.track.kind] += 1;
    if (event.track.kind === "video") {
      const video = document.createElement("video");
      video.muted = true;
      video.autoplay = true;
      video.playsInline = true;
      video.srcObject = new MediaStream([event.track]);
      document.getElementById("remote").appendChild(video);
      countFrames(video, entry);
    }
  }

  window.groupTest = {
    join: async function (config) {
      const localStream = await navigator.mediaDevices.getUserMedia({
        audio: true,
        video: { width: 320, height: 240, frameRate: 15 },
      });
      group = await window.InnerchildGroup.join(
        Object.assign({}, config, {
          localStream: localStream,
          container: document.getElementById("people"),
          onRemoteTrack: onRemoteTrack,
          onLeave: function (event) {
            states.push("left:" + event.display);
          },
          onState: function (state) {
            states.push(state);
            document.getElementById("state").textContent = state;
          },
        }),
      );
      return true;
    },
    leave: function () {
      return group ? group.leave() : Promise.resolve();
    },
    summary: function () {
      const shown = Array.prototype.map.call(
        document.querySelectorAll("#people figure"),
        function (figure) {
          const video = figure.querySelector("video");
          return {
            name: figure.querySelector("figcaption").textContent,
            width: video.videoWidth,
            playing: !video.paused,
            tracks: video.srcObject.getTracks().length,
          };
        },
      );
      return { received: received, states: states, shown: shown };
    },
  };
})();
