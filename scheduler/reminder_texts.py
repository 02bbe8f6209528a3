"""Every sentence of the reminders, in one place so they can be read and reviewed as a
whole."""

from __future__ import annotations

SEPARATOR = "\n\n──────────\n\n"  # between reminders merged into one message
TOMORROW = "พรุ่งนี้"
IN_DAYS = "อีก {days} วัน"

LEADER_BEFORE_DAY = (
    "🇹🇭 {when}จะถึง{day} ({date})\n"
    "ขอเชิญศูนย์ของคุณจัดกิจกรรมจิตอาสา เช่น ทำความสะอาดพื้นที่สาธารณะหรือวัด ปลูกต้นไม้ "
    "แล้วส่งรายงานพร้อมรูปกิจกรรมผ่านบอทนี้หลังทำกิจกรรมครับ 🙏"
)
OFFICER_BEFORE_DAY = (
    "🇹🇭 {when}จะถึง{day} ({date})\n"
    "ชวนศูนย์ใน{district} ({count} ศูนย์) จัดกิจกรรมจิตอาสา และส่งรายงานพร้อมรูปผ่านบอท\n"
    "ศูนย์: {centres}"
)
LEADER_AFTER_DAY = (
    "เมื่อวานเป็น{day} 🙏 ถ้าศูนย์ของคุณได้ทำกิจกรรมจิตอาสา "
    "ส่งเล่ากิจกรรมพร้อมรูปถ่ายผ่านบอทนี้ได้เลยครับ"
)
LEADER_DUE = (
    "📝 {when}ครบกำหนดส่งรายงานประจำเดือน{month} ({due})\n"
    "ศูนย์ของคุณยังไม่มีรายงานเดือนนี้ พิมพ์เล่ากิจกรรมที่ทำพร้อมแนบรูปได้เลยครับ"
)
OFFICER_DUE = (
    "📝 {when}ครบกำหนดส่งรายงานประจำเดือน{month} ({due})\n"
    "{district}: ยังไม่ส่ง {missing} จาก {count} ศูนย์"
)
OFFICER_DUE_CENTRE = "• {centre}: {leaders}"
OFFICER_DUE_ALL_IN = (
    "📝 {when}ครบกำหนดส่งรายงานประจำเดือน{month} ({due})\n"
    "{district}: ส่งรายงานครบทั้ง {count} ศูนย์แล้ว 🎉"
)
NO_LEADER = "ยังไม่มีผู้นำลงทะเบียน"
ADMIN_MONTH_SUMMARY = (
    "📊 ครบกำหนดส่งรายงานประจำเดือน{month}แล้ว\n"
    "{scope}: ส่งรายงาน {reported}/{centres} ศูนย์ ({percent}%) รวม {reports} เรื่อง "
    "ผู้เข้าร่วม {participants:,} คน\n"
    "พิมพ์ “สรุป {month_arg}” ดูสรุปผล หรือ “ส่งออก {month_arg}” รับไฟล์ Excel"
)
QUOTA_HELD = (
    "⚠️ โควตาข้อความ LINE ของเดือนนี้เหลือ {left} ข้อความ ไม่พอสำหรับการแจ้งเตือนวันนี้ "
    "({needed} ข้อความ)\n"
    "บอทส่งถึงเจ้าหน้าที่ก่อน และงดส่งถึงผู้นำ {held} คน"
)
