"use strict";
// Test-only page script: one RTCPeerConnection per page, signalled by the test through
// window.relayTest, so two pages can be made to meet through a TURN relay.
(function () {
  let pc = null;
  const shown = document.getElementById("state");

  function gathered(connection, milliseconds) {
    if (connection.iceGatheringState === "complete") {
      return Promise.resolve();
    }
    return new Promise(function (resolve) {
      const timer = setTimeout(resolve, milliseconds);
      connection.addEventListener("icegatheringstatechange", function () {
        if (connection.iceGatheringState === "complete") {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  async function open(config) {
    pc = new RTCPeerConnection(config);
    pc.addEventListener("connectionstatechange", function () {
      shown.textContent = pc.connectionState;
    });
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    stream.getTracks().forEach(function (track) {
      pc.addTrack(track, stream);
    });
  }

  async function selectedPair() {
    const stats = await pc.getStats();
    let pair = null;
    stats.forEach(function (report) {
      if (report.type === "transport" && report.selectedCandidatePairId) {
        pair = stats.get(report.selectedCandidatePairId);
      }
    });
    if (!pair) {
      return null;
    }
    const local = stats.get(pair.localCandidateId);
    const remote = stats.get(pair.remoteCandidateId);
    return {
      local: local.candidateType,
      remote: remote.candidateType,
      localAddress: local.address,
      remoteAddress: remote.address,
      relayProtocol: local.relayProtocol || null,
    };
  }

  async function received() {
    const stats = await pc.getStats();
    const frames = { audio: 0, video: 0 };
    stats.forEach(function (report) {
      if (report.type === "inbound-rtp") {
        frames[report.kind] += report.kind === "video" ? report.framesDecoded || 0 : report.packetsReceived || 0;
      }
    });
    return frames;
  }

  window.relayTest = {
    offer: async function (config) {
      await open(config);
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc, 8000);
      return pc.localDescription.toJSON();
    },
    answer: async function (config, offer) {
      await open(config);
      await pc.setRemoteDescription(offer);
      await pc.setLocalDescription(await pc.createAnswer());
      await gathered(pc, 8000);
      return pc.localDescription.toJSON();
    },
    accept: async function (answer) {
      await pc.setRemoteDescription(answer);
    },
    state: function () {
      return pc ? pc.connectionState : "none";
    },
    selectedPair: selectedPair,
    received: received,
  };
})();
