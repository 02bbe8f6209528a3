/* Renders LINE messages (text, image, Flex, template, sticker, location) the way the LINE app
   draws them, closely enough for training. Everything is built with DOM calls and textContent:
   the bot's messages are data, never HTML. Exposes window.LineRender. */
(function () {
  "use strict";

  // Sizes and spacings in pixels, from LINE's Flex Message documentation keywords.
  var TEXT_SIZES = {xxs: 11, xs: 13, sm: 14, md: 16, lg: 19, xl: 22, xxl: 29,
    "3xl": 35, "4xl": 48, "5xl": 74};
  var SPACING = {none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20};
  var IMAGE_SIZES = {xxs: 40, xs: 60, sm: 80, md: 100, lg: 120, xl: 140, xxl: 160,
    "3xl": 180, "4xl": 200, "5xl": 220};
  var BORDER_WIDTHS = {none: 0, light: 0.5, normal: 1, medium: 2, "semi-bold": 3, bold: 4};
  var RADII = {none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20};
  var BUBBLE_WIDTHS = {nano: 120, micro: 160, deca: 220, hecto: 241, kilo: 260, mega: 300,
    giga: 386};
  var ALIGN = {start: "flex-start", end: "flex-end", center: "center", top: "flex-start",
    bottom: "flex-end"};

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function length(value, table) {
    if (value === undefined || value === null || value === "") return null;
    if (typeof value === "number") return value + "px";
    if (table && Object.prototype.hasOwnProperty.call(table, value)) return table[value] + "px";
    if (/^-?\d+(\.\d+)?(px|%)$/.test(String(value))) return String(value);
    return null;
  }

  function color(value) {
    return typeof value === "string" && /^#([0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/.test(value)
      ? value : null;
  }

  function safeUrl(value) {
    return typeof value === "string" && /^(https?:\/\/|api\/)/.test(value) ? value : null;
  }

  function clickable(node, action, ctx) {
    if (!action || typeof action !== "object") return;
    node.classList.add("lr-clickable");
    node.setAttribute("role", "button");
    node.tabIndex = 0;
    if (action.label) node.title = action.label;
    var fire = function (ev) { ev.stopPropagation(); ctx.onAction(action); };
    node.addEventListener("click", fire);
    node.addEventListener("keydown", function (ev) { if (ev.key === "Enter") fire(ev); });
  }

  function applyCommon(node, c, parentLayout, isFirst, spacing) {
    var horizontal = parentLayout === "horizontal" || parentLayout === "baseline";
    var margin = length(c.margin, SPACING);
    if (!margin && !isFirst && spacing) margin = spacing;
    if (margin && !isFirst) node.style[horizontal ? "marginLeft" : "marginTop"] = margin;
    // LINE: components default to flex 1 in horizontal boxes and flex 0 in vertical ones.
    var grow = typeof c.flex === "number" ? c.flex
      : (horizontal && c.type !== "separator" && c.type !== "icon" && c.type !== "spacer" ? 1 : 0);
    if (horizontal) node.style.flex = grow > 0 ? grow + " 0 0" : "0 0 auto";
    else node.style.flex = grow > 0 ? grow + " 0 auto" : "0 0 auto";
    if (horizontal) node.style.minWidth = "0";
    if (c.position === "absolute") node.style.position = "absolute";
    ["Top", "Bottom", "Start", "End"].forEach(function (side) {
      var value = length(c["offset" + side], SPACING);
      if (!value) return;
      var css = side === "Start" ? "left" : side === "End" ? "right" : side.toLowerCase();
      if (c.position === "absolute") node.style[css] = value;
      else { node.style.position = "relative"; node.style[css] = value; }
    });
    if (c.alignSelf || c.gravity) {
      var self = ALIGN[c.gravity] || c.gravity;
      if (horizontal && self) node.style.alignSelf = self;
    }
  }

  function renderBox(c, ctx) {
    var layout = c.layout || "vertical";
    var node = el("div", "lr-box lr-" + layout);
    node.style.display = "flex";
    node.style.flexDirection = layout === "vertical" ? "column" : "row";
    if (layout === "baseline") node.style.alignItems = "baseline";
    var bg = color(c.backgroundColor);
    if (bg) node.style.backgroundColor = bg;
    if (c.background && c.background.type === "linearGradient") {
      var start = color(c.background.startColor), end = color(c.background.endColor);
      var angle = /^\d+(\.\d+)?deg$/.test(c.background.angle || "") ? c.background.angle : "0deg";
      if (start && end) node.style.backgroundImage =
        "linear-gradient(" + angle + ", " + start + ", " + end + ")";
    }
    var border = length(c.borderWidth, BORDER_WIDTHS);
    if (border) node.style.border = border + " solid " + (color(c.borderColor) || "#000000");
    var radius = length(c.cornerRadius, RADII);
    if (radius) { node.style.borderRadius = radius; node.style.overflow = "hidden"; }
    var pad = length(c.paddingAll, SPACING);
    if (pad) node.style.padding = pad;
    ["Top", "Bottom", "Start", "End"].forEach(function (side) {
      var value = length(c["padding" + side], SPACING);
      var css = side === "Start" ? "Left" : side === "End" ? "Right" : side;
      if (value) node.style["padding" + css] = value;
    });
    ["width", "height", "maxWidth", "maxHeight"].forEach(function (prop) {
      var value = length(c[prop]);
      if (value) node.style[prop] = value;
    });
    if (c.justifyContent) node.style.justifyContent = c.justifyContent;
    if (c.alignItems) node.style.alignItems = c.alignItems;
    var spacing = length(c.spacing, SPACING);
    (c.contents || []).forEach(function (child, i) {
      var rendered = renderComponent(child, ctx, layout);
      if (!rendered) return;
      applyCommon(rendered, child, layout, i === 0, spacing);
      node.appendChild(rendered);
    });
    clickable(node, c.action, ctx);
    return node;
  }

  function textStyle(node, c) {
    var size = length(c.size, TEXT_SIZES);
    if (size) node.style.fontSize = size;
    if (c.weight === "bold") node.style.fontWeight = "700";
    if (c.style === "italic") node.style.fontStyle = "italic";
    if (c.decoration === "underline") node.style.textDecoration = "underline";
    if (c.decoration === "line-through") node.style.textDecoration = "line-through";
    var col = color(c.color);
    if (col) node.style.color = col;
  }

  function renderText(c) {
    var node = el("div", "lr-text");
    textStyle(node, c);
    if (Array.isArray(c.contents) && c.contents.length) {
      c.contents.forEach(function (span) {
        if (span.type !== "span") return;
        var part = el("span", null, span.text);
        textStyle(part, span);
        node.appendChild(part);
      });
    } else {
      node.textContent = c.text || "";
    }
    node.style.whiteSpace = c.wrap ? "pre-wrap" : "nowrap";
    if (!c.wrap) { node.style.overflow = "hidden"; node.style.textOverflow = "ellipsis"; }
    if (c.wrap && c.maxLines) {
      node.style.display = "-webkit-box";
      node.style.webkitBoxOrient = "vertical";
      node.style.webkitLineClamp = String(c.maxLines);
      node.style.overflow = "hidden";
    }
    if (c.lineSpacing) node.style.lineHeight = "calc(1.35em + " + length(c.lineSpacing) + ")";
    if (c.align) node.style.textAlign = c.align === "end" ? "right" : c.align === "start"
      ? "left" : "center";
    if (c.gravity) node.style.alignSelf = ALIGN[c.gravity] || "auto";
    return node;
  }

  function renderButton(c, ctx) {
    var style = c.style || "link";
    var node = el("button", "lr-button lr-button-" + style,
      (c.action && c.action.label) || "");
    node.type = "button";
    var col = color(c.color);
    if (col && style === "link") node.style.color = col;
    if (col && style !== "link") node.style.backgroundColor = col;
    if (c.height === "sm") node.classList.add("lr-button-sm");
    if (c.gravity) node.style.alignSelf = ALIGN[c.gravity] || "auto";
    clickable(node, c.action, ctx);
    return node;
  }

  function ratio(value) {
    var m = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(value || "1:1");
    return m ? (parseFloat(m[2]) / parseFloat(m[1])) * 100 : 100;
  }

  function renderImage(c, ctx) {
    var holder = el("div", "lr-image-holder");
    var frame = el("div", "lr-image");
    var size = c.size === "full" ? "100%" : (length(c.size, IMAGE_SIZES) || "100px");
    frame.style.width = size;
    frame.style.maxWidth = "100%";
    frame.style.paddingBottom = "0";
    var inner = el("div", "lr-image-ratio");
    inner.style.paddingBottom = ratio(c.aspectRatio) + "%";
    var bg = color(c.backgroundColor);
    if (bg) inner.style.backgroundColor = bg;
    var url = safeUrl(c.url);
    if (url) {
      var img = el("img");
      img.src = url;
      img.alt = "";
      img.loading = "lazy";
      img.style.objectFit = c.aspectMode === "cover" ? "cover" : "contain";
      img.addEventListener("error", function () { inner.classList.add("lr-broken"); });
      inner.appendChild(img);
    } else {
      inner.classList.add("lr-broken");
    }
    frame.appendChild(inner);
    holder.appendChild(frame);
    holder.style.justifyContent = ALIGN[c.align] || "center";
    clickable(holder, c.action, ctx);
    return holder;
  }

  function renderIcon(c) {
    var node = el("span", "lr-icon");
    var size = length(c.size, TEXT_SIZES) || "16px";
    node.style.width = size;
    node.style.height = size;
    var url = safeUrl(c.url);
    if (url) {
      var img = el("img");
      img.src = url;
      img.alt = "";
      node.appendChild(img);
    }
    return node;
  }

  function renderComponent(c, ctx, parentLayout) {
    if (!c || typeof c !== "object") return null;
    switch (c.type) {
      case "box": return renderBox(c, ctx);
      case "text": return renderText(c);
      case "button": return renderButton(c, ctx);
      case "image": return renderImage(c, ctx);
      case "icon": return renderIcon(c);
      case "separator": {
        var sep = el("div", "lr-separator " + (parentLayout === "vertical" ? "lr-sep-h" : "lr-sep-v"));
        var col = color(c.color);
        if (col) sep.style.borderColor = col;
        return sep;
      }
      case "filler": return el("div", "lr-filler");
      case "spacer": {
        var sp = el("div", "lr-spacer");
        sp.style.height = length(c.size || "md", SPACING);
        return sp;
      }
      case "video": return c.altContent ? renderComponent(c.altContent, ctx, parentLayout)
        : el("div", "lr-text", "[วิดีโอ]");
      default: return el("div", "lr-text lr-unknown", "[" + c.type + "]");
    }
  }

  // Block paddings LINE uses when a bubble does not set its own.
  var BLOCK_PADDING = {header: "20px", body: "20px", footer: "10px"};

  function renderBubble(b, ctx) {
    var bubble = el("div", "lr-bubble");
    bubble.style.width = (BUBBLE_WIDTHS[b.size] || BUBBLE_WIDTHS.mega) + "px";
    if (b.direction === "rtl") bubble.style.direction = "rtl";
    var styles = b.styles || {};
    var first = true;
    ["header", "hero", "body", "footer"].forEach(function (part) {
      var c = b[part];
      if (!c) return;
      var style = styles[part] || {};
      var block = el("div", "lr-block lr-block-" + part);
      var content = renderComponent(c, ctx, "vertical");
      if (!content) return;
      if (part !== "hero" && c.type === "box" && !c.paddingAll && !c.paddingTop) {
        content.style.padding = BLOCK_PADDING[part];
      }
      var bg = color(style.backgroundColor);
      if (bg) block.style.backgroundColor = bg;
      if (!first && style.separator) {
        block.style.borderTop = "1px solid " + (color(style.separatorColor) || "#e6e6e6");
      }
      block.appendChild(content);
      bubble.appendChild(block);
      first = false;
    });
    clickable(bubble, b.action, ctx);
    return bubble;
  }

  function renderFlex(message, ctx) {
    var contents = message.contents || {};
    if (contents.type === "carousel") {
      var row = el("div", "lr-carousel");
      (contents.contents || []).forEach(function (b) { row.appendChild(renderBubble(b, ctx)); });
      return row;
    }
    return renderBubble(contents, ctx);
  }

  function actionButtons(actions, ctx, cls) {
    var box = el("div", cls);
    (actions || []).forEach(function (action) {
      var btn = el("button", "lr-template-action", action.label || "");
      btn.type = "button";
      clickable(btn, action, ctx);
      box.appendChild(btn);
    });
    return box;
  }

  function renderTemplate(message, ctx) {
    var t = message.template || {};
    var columns = t.type === "carousel" ? t.columns || [] : [t];
    var row = el("div", t.type === "carousel" ? "lr-carousel" : "lr-single");
    columns.forEach(function (col) {
      var card = el("div", "lr-bubble lr-template");
      var thumb = safeUrl(col.thumbnailImageUrl || col.imageUrl);
      if (thumb) { var img = el("img", "lr-template-img"); img.src = thumb; img.alt = "";
        card.appendChild(img); }
      if (col.title) card.appendChild(el("div", "lr-template-title", col.title));
      if (col.text) card.appendChild(el("div", "lr-template-text", col.text));
      card.appendChild(actionButtons(col.actions, ctx,
        t.type === "confirm" ? "lr-template-actions lr-confirm" : "lr-template-actions"));
      row.appendChild(card);
    });
    return row;
  }

  /* A text message as LINE shows it: web addresses become links that open in a new tab. */
  function linkedText(text) {
    var node = el("div", "lr-plain");
    var pattern = /https?:\/\/[^\s<>"]+/g;
    var last = 0, found;
    while ((found = pattern.exec(text)) !== null) {
      node.appendChild(document.createTextNode(text.slice(last, found.index)));
      var link = el("a", "lr-link", found[0]);
      link.href = found[0];
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      node.appendChild(link);
      last = found.index + found[0].length;
    }
    node.appendChild(document.createTextNode(text.slice(last)));
    return node;
  }

  /* One LINE message object -> {node, framed}; framed: drawn inside a chat bubble. */
  function renderMessage(message, ctx) {
    switch (message.type) {
      case "text":
      case "textV2":
        return {node: linkedText(message.text || ""), framed: true};
      case "image": {
        var url = safeUrl(message.previewImageUrl || message.originalContentUrl);
        var img = el("img", "lr-photo");
        img.alt = "รูปภาพจากบอท";
        if (url) img.src = url;
        img.addEventListener("error", function () { img.classList.add("lr-broken"); });
        return {node: img, framed: false};
      }
      case "flex": {
        var wrap = el("div", "lr-flex");
        wrap.setAttribute("data-alt", message.altText || "");
        wrap.appendChild(renderFlex(message, ctx));
        return {node: wrap, framed: false};
      }
      case "template": return {node: renderTemplate(message, ctx), framed: false};
      case "sticker": return {node: el("div", "lr-sticker", "🙂"), framed: false};
      case "location": {
        var loc = el("div", "lr-location");
        loc.appendChild(el("strong", null, "📍 " + (message.title || "ตำแหน่งที่ตั้ง")));
        loc.appendChild(el("div", null, message.address || ""));
        return {node: loc, framed: true};
      }
      default:
        return {node: el("div", "lr-plain lr-unknown", "[" + (message.altText || message.type) + "]"),
          framed: true};
    }
  }

  window.LineRender = {renderMessage: renderMessage, renderFlex: renderFlex, el: el,
    safeUrl: safeUrl};
})();
