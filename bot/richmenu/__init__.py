"""Per-role LINE rich menus: layouts as data, images drawn with Pillow, `cddbot richmenu`
to create them on LINE, and linking each member's menu through the outbox."""
