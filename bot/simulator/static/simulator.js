/* The simulator page: personas, groups, the chat, quick replies, the rich menu and the clock.
   Personas and groups live in this browser's localStorage; everything a persona does goes to
   the server, which turns it into a signed LINE webhook to the bot. */
(function () {
  "use strict";
  var R = window.LineRender;
  var $ = function (id) { return document.getElementById(id); };
  var STORE = "cddbot-simulator-v1";
  var ROLE_NAMES = {leader: "ผู้นำจิตอาสา", officer: "พัฒนากร", admin: "เจ้าหน้าที่จังหวัด"};
  var BOT_NAME = "ศูนย์จิตอาสาพัฒนาชุมชน";

  var saved = load();
  var chat = null;        // {type: "user"|"group", id, name}
  var shown = 0;          // how many timeline items are on screen
  var lastDay = null;
  var lastItem = null;
  var polling = null;
  var places = {provinces: [], districts: []};

  function load() {
    try {
      var data = JSON.parse(localStorage.getItem(STORE) || "{}");
      return {personas: data.personas || [], groups: data.groups || [], current: data.current || null};
    } catch (e) {
      return {personas: [], groups: [], current: null};
    }
  }
  function persist() { localStorage.setItem(STORE, JSON.stringify(saved)); }

  function toast(text) {
    var t = $("toast");
    t.textContent = text;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { t.hidden = true; }, 4000);
  }

  function api(path, options) {
    options = options || {};
    var headers = {"X-Simulator": "1"};
    var init = {method: options.method || "GET", headers: headers};
    if (options.json !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.json);
    } else if (options.form) {
      init.body = options.form;
    }
    return fetch("api/" + path, init).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (!res.ok) throw new Error(data.error || ("ข้อผิดพลาด " + res.status));
        return data;
      });
    });
  }
  function fail(err) { toast(err.message || String(err)); }

  // ----- who is speaking --------------------------------------------------------------

  function persona(userId) {
    return saved.personas.find(function (p) { return p.user_id === userId; }) || null;
  }

  function speaker() {
    if (!chat) return null;
    if (chat.type === "user") return persona(chat.id);
    return persona($("speaker-select").value) || saved.personas[0] || null;
  }

  // The first consonant: Thai leading vowels (เ แ โ ใ ไ) come before it in writing.
  function initial(name) { return name.replace(/^(พัฒนากร|จนท\.จังหวัด)/, "").replace(/^[เแโใไ]/, "").slice(0, 1); }

  function describe(p) {
    return (ROLE_NAMES[p.role] || p.role) + (p.area_name ? " · " + p.area_name : "");
  }

  // One entry of the chat lists: a persona's 1:1 chat or a group chat.
  function chatEntry(target, avatar, label) {
    var li = R.el("li", chat && chat.id === target.id ? "active" : "");
    var btn = R.el("button", "persona");
    btn.type = "button";
    btn.appendChild(avatar);
    btn.appendChild(label);
    btn.addEventListener("click", function () { openChat(target); });
    li.appendChild(btn);
    return li;
  }

  function renderLists() {
    var list = $("persona-list");
    list.textContent = "";
    saved.personas.forEach(function (p) {
      var text = R.el("span", "who");
      text.appendChild(R.el("strong", null, p.name));
      text.appendChild(R.el("small", null, describe(p)));
      list.appendChild(chatEntry({type: "user", id: p.user_id, name: p.name},
                                 R.el("span", "avatar", initial(p.name)), text));
    });
    if (!saved.personas.length) list.appendChild(R.el("li", "empty", "ยังไม่มีผู้ใช้: สร้างด้านล่าง"));
    var groups = $("group-list");
    groups.textContent = "";
    saved.groups.forEach(function (g) {
      groups.appendChild(chatEntry({type: "group", id: g.group_id, name: g.name},
                                   R.el("span", "avatar group", "👥"), R.el("strong", "who", g.name)));
    });
    var sel = $("speaker-select");
    var keep = sel.value;
    sel.textContent = "";
    saved.personas.forEach(function (p) {
      var opt = R.el("option", null, p.name + " (" + (ROLE_NAMES[p.role] || p.role) + ")");
      opt.value = p.user_id;
      sel.appendChild(opt);
    });
    if (keep) sel.value = keep;
  }

  function showCode(p) {
    var card = $("code-card");
    if (!p || !p.code) { card.hidden = true; return; }
    card.hidden = false;
    var what = p.role === "leader" ? "รหัสเข้าร่วมศูนย์ (ใช้ได้ทุกคนในศูนย์)" : "รหัสเชิญใช้ครั้งเดียว";
    $("code-hint").textContent = what + ": " + p.code + " — ส่งข้อความ “ลงทะเบียน " + p.code + "”";
    $("code-new").hidden = p.role === "leader";
  }

  function openChat(next) {
    chat = next;
    saved.current = next;
    persist();
    shown = 0;
    lastDay = null;
    lastItem = null;
    $("messages").textContent = "";
    $("quick-replies").hidden = true;
    $("text-input").disabled = false;
    $("send-button").disabled = false;
    var p = chat.type === "user" ? persona(chat.id) : null;
    $("chat-title").textContent = chat.type === "user" ? BOT_NAME : chat.name;
    $("chat-subtitle").textContent = p ? "คุณคือ " + p.name + " · " + describe(p)
      : "กลุ่มแชต: เลือกคนพิมพ์ได้ที่แผงด้านซ้าย";
    $("speaker-label").hidden = chat.type !== "group";
    showCode(p);
    renderLists();
    refreshRichMenu();
    poll();
  }

  // ----- sending ----------------------------------------------------------------------

  function actorFields() {
    var who = speaker();
    if (!who) throw new Error("ยังไม่ได้เลือกผู้ใช้");
    return {chat: chat.id, user_id: who.user_id, name: who.name};
  }

  function send(fields) {
    var payload;
    try { payload = Object.assign(actorFields(), fields); } catch (e) { fail(e); return Promise.resolve(); }
    hideQuickReplies();
    return api("send", {method: "POST", json: payload}).then(function (res) {
      if (res.status !== 200) toast("บอทตอบ webhook ด้วยสถานะ " + res.status);
      poll();
    }).catch(fail);
  }

  function sendPhotos(files) {
    if (!files || !files.length) return;
    var form = new FormData();
    var fields;
    try { fields = actorFields(); } catch (e) { fail(e); return; }
    Object.keys(fields).forEach(function (k) { form.append(k, fields[k]); });
    Array.prototype.forEach.call(files, function (f) { form.append("photos", f, f.name); });
    hideQuickReplies();
    api("photos", {method: "POST", form: form}).then(function () {
      $("photo-input").value = "";
      poll();
    }).catch(fail);
  }

  function perform(action) {
    if (!chat) { toast("เลือกผู้ใช้ก่อน"); return; }
    switch (action.type) {
      case "postback":
        send({type: "postback", data: action.data || "", displayText: action.displayText || action.text || ""});
        break;
      case "message":
        send({type: "text", text: action.text || action.label || ""});
        break;
      case "uri": {
        var uri = action.uri || (action.altUri && action.altUri.desktop) || "";
        if (/^(https?:|tel:|mailto:)/.test(uri)) window.open(uri, "_blank", "noopener");
        else toast("ลิงก์นี้เปิดได้เฉพาะในแอป LINE: " + uri);
        break;
      }
      case "datetimepicker": pickDate(action); break;
      case "camera":
      case "cameraRoll": $("photo-input").click(); break;
      case "location": $("location-dialog").showModal(); break;
      case "clipboard":
        if (navigator.clipboard) navigator.clipboard.writeText(action.clipboardText || "");
        toast("คัดลอกแล้ว");
        break;
      case "richmenuswitch":
        send({type: "postback", data: action.data || "",
          params: {newRichMenuAliasId: action.richMenuAliasId || "", status: "SUCCESS"}});
        break;
      default: toast("ยังไม่รองรับปุ่มแบบ " + action.type);
    }
  }

  function pickDate(action) {
    var mode = action.mode || "datetime";
    var input = $("picker-input");
    input.type = mode === "datetime" ? "datetime-local" : mode;
    input.value = action.initial || "";
    $("picker-title").textContent = action.label || "เลือกวันเวลา";
    var dialog = $("picker-dialog");
    dialog.returnValue = "";
    dialog.onclose = function () {
      if (dialog.returnValue !== "ok" || !input.value) return;
      var params = {};
      params[mode] = input.value;
      send({type: "postback", data: action.data || "", params: params});
    };
    dialog.showModal();
  }

  // ----- the chat ---------------------------------------------------------------------

  function addDay(day) {
    if (day === lastDay) return;
    lastDay = day;
    $("messages").appendChild(R.el("div", "day-chip", day));
  }

  function userBubble(item) {
    var row = R.el("div", "msg user");
    row.setAttribute("data-kind", item.kind);
    var inner;
    if (item.kind === "image") {
      inner = R.el("img", "photo");
      inner.src = item.photo;
      inner.alt = "รูปที่ส่ง";
    } else if (item.kind === "location") {
      inner = R.el("div", "bubble location");
      inner.appendChild(R.el("strong", null, "📍 " + item.title));
      inner.appendChild(R.el("div", null, item.address));
      inner.appendChild(R.el("small", null, item.latitude.toFixed(5) + ", " + item.longitude.toFixed(5)));
    } else if (item.kind === "follow" || item.kind === "join") {
      return R.el("div", "system-chip", item.kind === "follow"
        ? item.name + " เพิ่มบอทเป็นเพื่อนแล้ว" : "เชิญบอทเข้ากลุ่มแล้ว");
    } else {
      if (!item.text) return null;  // a postback without displayText shows nothing in LINE
      inner = R.el("div", "bubble", item.text);
    }
    if (chat.type === "group") row.appendChild(R.el("div", "sender", item.name));
    var line = R.el("div", "line");
    line.appendChild(R.el("span", "meta", item.time));
    line.appendChild(inner);
    row.appendChild(line);
    return row;
  }

  function botBubble(item) {
    var row = R.el("div", "msg bot");
    row.setAttribute("data-kind", item.kind);
    row.setAttribute("data-type", item.message.type);
    row.appendChild(R.el("div", "bot-avatar", "ศ"));
    var col = R.el("div", "col");
    col.appendChild(R.el("div", "sender", BOT_NAME));
    var line = R.el("div", "line");
    var drawn = R.renderMessage(item.message, {onAction: perform});
    var body = drawn.node;
    if (drawn.framed) { body = R.el("div", "bubble"); body.appendChild(drawn.node); }
    line.appendChild(body);
    line.appendChild(R.el("span", "meta", (item.kind === "reply" ? "" : "ส่งถึง · ") + item.time));
    col.appendChild(line);
    row.appendChild(col);
    return row;
  }

  function append(items) {
    var box = $("messages");
    var nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 120;
    var botArrived = false;
    items.forEach(function (item) {
      addDay(item.day);
      var node = item.side === "user" ? userBubble(item) : botBubble(item);
      if (node) box.appendChild(node);
      if (item.side === "bot") botArrived = true;
      lastItem = item;
    });
    if (nearBottom || items.some(function (i) { return i.side === "user"; })) {
      box.scrollTop = box.scrollHeight;
    }
    showQuickReplies();
    if (botArrived) refreshRichMenu();
  }

  function poll() {
    if (!chat) return;
    var current = chat.id;
    api("messages?chat=" + encodeURIComponent(current) + "&after=" + shown).then(function (data) {
      if (!chat || chat.id !== current) return;
      if (data.start !== shown) {  // the fake was reset: draw again from the start
        shown = 0; lastDay = null; lastItem = null;
        $("messages").textContent = "";
        if (data.start !== 0) return poll();
      }
      if (data.items.length) append(data.items);
      shown = data.total;
    }).catch(function () { /* the server restarted; the next poll will tell */ });
  }

  function hideQuickReplies() { $("quick-replies").hidden = true; }

  function showQuickReplies() {
    var box = $("quick-replies");
    box.textContent = "";
    // LINE shows quick replies only while their message is the newest in the chat.
    var quick = lastItem && lastItem.side === "bot" && lastItem.message.quickReply;
    var items = (quick && quick.items) || [];
    items.forEach(function (qr) {
      var action = qr.action || {};
      var chip = R.el("button", "chip");
      chip.type = "button";
      var icon = R.safeUrl(qr.imageUrl);
      if (icon) { var img = R.el("img"); img.src = icon; img.alt = ""; chip.appendChild(img); }
      else if (action.type === "camera" || action.type === "cameraRoll") chip.appendChild(R.el("span", null, "📷 "));
      else if (action.type === "location") chip.appendChild(R.el("span", null, "📍 "));
      chip.appendChild(R.el("span", null, action.label || action.text || ""));
      chip.addEventListener("click", function () { hideQuickReplies(); perform(action); });
      box.appendChild(chip);
    });
    box.hidden = items.length === 0;
  }

  // ----- rich menu --------------------------------------------------------------------

  function refreshRichMenu() {
    var panel = $("richmenu");
    var who = chat && chat.type === "user" ? chat.id : null;
    if (!who) { panel.hidden = true; return; }
    api("richmenu?user=" + encodeURIComponent(who)).then(function (data) {
      var menu = data.menu;
      if (!menu) { panel.hidden = true; panel.removeAttribute("data-menu"); return; }
      panel.hidden = false;
      $("richmenu-bar").textContent = (menu.chatBarText || "เมนู") + " ▾";
      if (panel.getAttribute("data-menu") === menu.richMenuId) return;
      panel.setAttribute("data-menu", menu.richMenuId);
      var box = $("richmenu-image");
      box.textContent = "";
      box.hidden = !menu.selected && panel.getAttribute("data-open") !== "1";
      var w = menu.size.width, h = menu.size.height;
      box.style.aspectRatio = w + " / " + h;
      var img = R.el("img");
      img.src = menu.image;
      img.alt = menu.name || "ริชเมนู";
      box.appendChild(img);
      (menu.areas || []).forEach(function (area) {
        var b = area.bounds || {};
        var hit = R.el("button", "area");
        hit.type = "button";
        hit.title = (area.action && (area.action.label || area.action.text || area.action.data)) || "";
        hit.style.left = (b.x / w * 100) + "%";
        hit.style.top = (b.y / h * 100) + "%";
        hit.style.width = (b.width / w * 100) + "%";
        hit.style.height = (b.height / h * 100) + "%";
        hit.addEventListener("click", function () { perform(area.action || {}); });
        box.appendChild(hit);
      });
    }).catch(function () { panel.hidden = true; });
  }

  // ----- clock ------------------------------------------------------------------------

  function showClock(data) {
    $("clock-now").textContent = data.thai + (data.moved ? " (เวลาจำลอง)" : "");
    $("clock-now").classList.toggle("moved", !!data.moved);
    if (!$("clock-date").value) $("clock-date").value = data.date;
  }

  // ----- persona form -----------------------------------------------------------------

  function fillSelect(select, rows, label) {
    // A late answer must not undo what the trainer already picked.
    var chosen = select.value;
    select.textContent = "";
    rows.forEach(function (row) {
      var opt = R.el("option", null, label(row));
      opt.value = row.code;
      select.appendChild(opt);
    });
    if (rows.some(function (row) { return row.code === chosen; })) select.value = chosen;
  }

  function loadCentres() {
    var district = $("persona-district").value;
    if (!district) return;
    api("centres?district=" + district).then(function (data) {
      fillSelect($("persona-centre"), data.centres, function (c) { return "ต." + c.name; });
      $("persona-centre").centres = data.centres;
      showCentreHint();
    }).catch(fail);
  }

  function showCentreHint() {
    var rows = $("persona-centre").centres || [];
    var code = $("persona-centre").value;
    var found = rows.find(function (c) { return c.code === code; });
    $("persona-centre-hint").textContent = found && $("persona-role").value === "leader"
      ? "รหัสเข้าร่วมศูนย์: " + found.join_code : "";
  }

  function roleChanged() {
    var role = $("persona-role").value;
    $("persona-district-label").hidden = role === "admin";
    $("persona-centre-label").hidden = role !== "leader";
    showCentreHint();
  }

  function provinceChanged() {
    var code = $("persona-province").value;
    fillSelect($("persona-district"), places.districts.filter(function (d) { return d.province === code; }),
      function (d) { return "อ." + d.name; });
    loadCentres();
  }

  function createPersona(ev) {
    ev.preventDefault();
    var role = $("persona-role").value;
    var area = role === "leader" ? $("persona-centre").value
      : role === "officer" ? $("persona-district").value : $("persona-province").value;
    api("personas", {method: "POST", json: {role: role, area: area, name: $("persona-name").value}})
      .then(function (data) {
        saved.personas.push(data.persona);
        persist();
        $("persona-name").value = "";
        $("persona-new").open = false;  // make room for the code to register with
        openChat({type: "user", id: data.persona.user_id, name: data.persona.name});
        // A new LINE friend: the app sends a follow event before anything else.
        send({type: "follow"});
      }).catch(fail);
  }

  function loadMembers() {
    api("members").then(function (data) {
      var sel = $("member-select");
      sel.textContent = "";
      data.members.forEach(function (m) {
        var opt = R.el("option", null, m.name + " — " + (ROLE_NAMES[m.role] || m.role) + " " + m.area_name);
        opt.value = m.user_id;
        opt.member = m;
        sel.appendChild(opt);
      });
      if (!data.members.length) sel.appendChild(R.el("option", null, "ยังไม่มีสมาชิกในฐานข้อมูล"));
    }).catch(fail);
  }

  function useMember() {
    var opt = $("member-select").selectedOptions[0];
    if (!opt || !opt.member) return;
    var m = opt.member;
    if (!persona(m.user_id)) {
      saved.personas.push({user_id: m.user_id, name: m.name, role: m.role, area: m.area,
        area_name: m.area_name, code: null});
      persist();
    }
    openChat({type: "user", id: m.user_id, name: m.name});
  }

  function createGroup() {
    if (!saved.personas.length) { toast("สร้างผู้ใช้อย่างน้อยหนึ่งคนก่อน"); return; }
    api("groups", {method: "POST", json: {}}).then(function (data) {
      var name = $("group-name").value.trim() || "กลุ่มผู้นำจิตอาสา";
      saved.groups.push({group_id: data.group_id, name: name});
      persist();
      $("group-name").value = "";
      openChat({type: "group", id: data.group_id, name: name});
      send({type: "join"});
    }).catch(fail);
  }

  function newInvite() {
    var p = chat && persona(chat.id);
    if (!p || p.role === "leader") return;
    api("invites", {method: "POST", json: {role: p.role, area: p.area}}).then(function (data) {
      p.code = data.code;
      persist();
      showCode(p);
    }).catch(fail);
  }

  // ----- wiring -----------------------------------------------------------------------

  function wire() {
    $("input-bar").addEventListener("submit", function (ev) {
      ev.preventDefault();
      var text = $("text-input").value;
      if (!text.trim()) return;
      $("text-input").value = "";
      send({type: "text", text: text});
    });
    $("photo-input").addEventListener("change", function () { sendPhotos(this.files); });
    $("attach-toggle").addEventListener("click", function () {
      $("attach-menu").hidden = !$("attach-menu").hidden;
    });
    $("attach-photo").addEventListener("click", function () {
      $("attach-menu").hidden = true; $("photo-input").click();
    });
    $("attach-location").addEventListener("click", function () {
      $("attach-menu").hidden = true; $("location-dialog").showModal();
    });
    $("attach-follow").addEventListener("click", function () {
      $("attach-menu").hidden = true; send({type: "follow"});
    });
    $("location-dialog").addEventListener("close", function () {
      if ($("location-dialog").returnValue !== "send") return;
      send({type: "location", title: $("loc-title").value, address: $("loc-address").value,
        latitude: $("loc-lat").value, longitude: $("loc-lng").value});
    });
    $("richmenu-bar").addEventListener("click", function () {
      var box = $("richmenu-image");
      box.hidden = !box.hidden;
      $("richmenu").setAttribute("data-open", box.hidden ? "0" : "1");
    });
    $("clock-form").addEventListener("submit", function (ev) {
      ev.preventDefault();
      api("clock", {method: "POST", json: {date: $("clock-date").value, time: $("clock-time").value}})
        .then(function (data) { showClock(data); toast("ย้ายเวลาไป " + data.thai); }).catch(fail);
    });
    $("clock-reset").addEventListener("click", function () {
      api("clock", {method: "POST", json: {reset: true}}).then(function (data) {
        $("clock-date").value = data.date; showClock(data);
      }).catch(fail);
    });
    $("persona-form").addEventListener("submit", createPersona);
    $("persona-role").addEventListener("change", roleChanged);
    $("persona-province").addEventListener("change", provinceChanged);
    $("persona-district").addEventListener("change", loadCentres);
    $("persona-centre").addEventListener("change", showCentreHint);
    $("member-pick").addEventListener("toggle", function () { if (this.open) loadMembers(); });
    $("member-use").addEventListener("click", useMember);
    $("group-create").addEventListener("click", createGroup);
    $("code-new").addEventListener("click", newInvite);
    $("code-type").addEventListener("click", function () {
      var p = chat && persona(chat.id);
      if (!p || !p.code) return;
      $("text-input").value = "ลงทะเบียน " + p.code;
      $("text-input").focus();
    });
  }

  function start() {
    wire();
    renderLists();
    api("clock").then(showClock).catch(fail);
    setInterval(function () { api("clock").then(showClock).catch(function () {}); }, 15000);
    api("places").then(function (data) {
      places = data;
      fillSelect($("persona-province"), data.provinces, function (p) { return "จ." + p.name; });
      provinceChanged();
      roleChanged();
    }).catch(fail);
    if (saved.current) {
      var exists = saved.current.type === "user" ? persona(saved.current.id)
        : saved.groups.find(function (g) { return g.group_id === saved.current.id; });
      if (exists) openChat(saved.current);
    }
    polling = setInterval(poll, 700);
  }

  start();
})();
