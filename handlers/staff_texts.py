"""Every sentence the bot says to officers and admins, in one place so it can be read and
reviewed as a whole (the leaders' texts are in handlers/texts.py)."""

from __future__ import annotations

STAFF_HELP = (
    "คำสั่งสำหรับเจ้าหน้าที่ 🙂 (ต่อท้ายด้วยเดือนได้ เช่น “สถานะ ต.ค.” “สรุป 10/2567” "
    "“สถานะ เดือนที่แล้ว” ถ้าไม่ระบุคือเดือนนี้)\n"
    "• “สถานะ” ศูนย์ที่ส่งรายงานแล้ว แยกตามประเภท\n"
    "• “ยังไม่ส่ง” รายชื่อศูนย์ที่ยังไม่ส่งรายงาน พร้อมชื่อผู้นำ\n"
    "• “สรุป” สรุปผลประจำเดือน ภาคี ด้าน วันสำคัญ และผลงานเด่น\n"
    "• “อันดับ” ศูนย์ที่มีผลงานมากที่สุด\n"
    "• “ส่งออก” ลิงก์ดาวน์โหลดไฟล์ Excel รายงานประจำเดือน\n"
    "• “รหัส ชื่อตำบล” ดูรหัสลงทะเบียนของศูนย์ · “รหัสใหม่ ชื่อตำบล” เปลี่ยนรหัส\n"
    "• “ประกาศ ข้อความ” ส่งข่าวถึงผู้นำ{announce_to}ในพื้นที่\n"
    "• “ลบสมาชิก ชื่อหรือตำบล” นำสมาชิกออกจากบอท (รายงานยังอยู่กับศูนย์)\n"
    "• “ข้อมูลของฉัน” ดูข้อมูลส่วนตัวที่เก็บไว้"
)
ANNOUNCE_TO_ADMIN = "และพัฒนากร"

STAFF_ONLY = (
    "คำสั่ง “{command}” ใช้ได้เฉพาะพัฒนากรและเจ้าหน้าที่สำนักงานพัฒนาชุมชนครับ 🙏\n"
    "ผู้นำจิตอาสาพิมพ์ “รายงานของฉัน” เพื่อดูรายงานของศูนย์ได้"
)

NOT_A_MONTH = (
    "ไม่เข้าใจเดือน “{text}” ครับ ลองพิมพ์แบบนี้: “{command} ต.ค.” “{command} ตุลาคม 2567” "
    "“{command} 10/2567” หรือ “{command} เดือนที่แล้ว”"
)

# สถานะ
STATUS_TITLE = "สถานะการรายงาน"
STATUS_MONTH = "เดือน{month}"
STATUS_REPORTED = "ส่งรายงานแล้ว {reported}/{centres} ศูนย์ ({percent}%)"
STATUS_REPORTS = "รายงาน {count:,} เรื่อง"
STATUS_PHOTOS = "📷 รูป {photos:,} รูป · 👥 ผู้เข้าร่วม {participants:,} คน"
STATUS_FAILED_PHOTOS = "⚠️ รูปที่บันทึกไม่ได้ {count:,} รูป ควรขอให้ผู้นำส่งใหม่"
STATUS_UNTYPED = "ยังไม่ระบุประเภท"
STATUS_BY_DISTRICT = "แยกตามอำเภอ (ศูนย์ที่ส่งแล้ว/ทั้งหมด)"
STATUS_BY_PROVINCE = "แยกตามจังหวัด (ศูนย์ที่ส่งแล้ว/ทั้งหมด)"
STATUS_BY_CENTRE = "แยกตามศูนย์ (จำนวนรายงาน)"
STATUS_CENTRE_REPORTS = "{count} เรื่อง"
STATUS_CENTRE_NONE = "ยังไม่ส่ง"
STATUS_MORE_PAGES = "หน้า {page}/{pages}"
STATUS_ALT = (
    "สถานะเดือน{month} {scope}: ส่งแล้ว {reported}/{centres} ศูนย์ ({percent}%) "
    "รายงาน {reports} เรื่อง (3.1: {t31} · 3.2: {t32} · 3.3: {t33}) รูป {photos} รูป "
    "ผู้เข้าร่วม {participants} คน"
)
BUTTON_NOT_REPORTED = "ยังไม่ส่ง"
BUTTON_SUMMARY = "สรุป"
BUTTON_EXPORT = "ส่งออก Excel"

# ยังไม่ส่ง
NOT_REPORTED_HEAD = "ศูนย์ที่ยังไม่ส่งรายงาน เดือน{month}\n{scope}: {count} จาก {centres} ศูนย์"
NOT_REPORTED_NONE = "เดือน{month} ทุกศูนย์ใน{scope}ส่งรายงานแล้วครับ 🎉 ({centres} ศูนย์)"
NOT_REPORTED_DISTRICT = "\n📍 {district} ({count} ศูนย์)"
NOT_REPORTED_CENTRE = "• {centre}: {leaders}"
NO_LEADER = "ยังไม่มีผู้นำลงทะเบียน"
NOT_REPORTED_REST = (
    "…และอีก {count} ศูนย์ที่ไม่พอในข้อความนี้ ดูรายชื่อครบทุกศูนย์ในไฟล์ Excel: พิมพ์ “ส่งออก{month_arg}”"
)
NOT_REPORTED_PART = "(ต่อ {part}/{parts})"

# สรุป
SUMMARY_TITLE = "สรุปผลการดำเนินงาน"
SUMMARY_SECTORS = "ภาคีที่ร่วมกิจกรรม (จำนวนรายงาน)"
SUMMARY_DIMENSIONS = "กิจกรรม 3.2 แยกตามด้าน"
SUMMARY_DAYS = "วันสำคัญที่มีกิจกรรม 3.3"
SUMMARY_NO_DAYS = "ยังไม่มีรายงาน 3.3 ในเดือนนี้"
SUMMARY_SHOWCASES = "ผลงานเด่น"
SUMMARY_SHOWCASE = "{centre} · {date}\n{text}"
SUMMARY_SHOWCASE_FIGURES = "👥 {participants} คน · 📷 {photos} รูป"
SUMMARY_NO_REPORTS = "เดือน{month} ยังไม่มีรายงานจาก{scope}ครับ"
SUMMARY_ALT = (
    "สรุปเดือน{month} {scope}: รายงาน {reports} เรื่อง จาก {reported}/{centres} ศูนย์ "
    "ผู้เข้าร่วม {participants} คน ภาคีที่ร่วมมากที่สุด: {top_sector}"
)

# อันดับ
RANKING_HEAD = "🏆 ศูนย์ที่มีผลงานมากที่สุด เดือน{month}\n{scope}"
RANKING_LINE = (
    "{medal} {centre} ({district})\n"
    "    {reports} เรื่อง · {types} ประเภท · {participants:,} คน · 📷 {photos}"
)
RANKING_NONE = "เดือน{month} ยังไม่มีรายงานจาก{scope}ครับ"
RANKING_FOOT = "เรียงตามจำนวนรายงาน แล้วตามจำนวนประเภทกิจกรรม และจำนวนผู้เข้าร่วม"

# ส่งออก
EXPORT_LINK = (
    "📊 ไฟล์รายงานประจำเดือน{month}\n{scope}\n{link}\n"
    "ลิงก์นี้ใช้ได้ถึง {expires} น. ไฟล์สร้างจากข้อมูลล่าสุดทุกครั้งที่เปิด "
    "(ลิงก์มีข้อมูลส่วนบุคคล กรุณาอย่าส่งต่อ)"
)
EXPORT_NOT_SET_UP = (
    "ขออภัยครับ ระบบยังไม่ได้ตั้งค่าที่อยู่สำหรับดาวน์โหลดไฟล์ (PUBLIC_URL) "
    "กรุณาแจ้งผู้ดูแลระบบ"
)

# รหัส / รหัสใหม่
JOIN_CODE_ASK = "พิมพ์ “{command}” ตามด้วยชื่อตำบล เช่น “{command} บ้านเดื่อ”"
JOIN_CODE_NOT_FOUND = "ไม่พบตำบล “{name}” ใน{scope}ครับ กรุณาตรวจสอบชื่ออีกครั้ง"
JOIN_CODE_WHICH = "ตำบล “{name}” มีมากกว่าหนึ่งแห่งใน{scope} เลือกแห่งที่ต้องการครับ 👇"
JOIN_CODE = (
    "รหัสลงทะเบียนของ{centre}: {code}\n"
    "ให้ผู้นำจิตอาสาพิมพ์ “ลงทะเบียน {code}” ในแชตกับบอท"
)
CONFIRM_NEW_JOIN_CODE = (
    "ต้องการเปลี่ยนรหัสลงทะเบียนของ{centre} ใช่ไหมครับ?\n"
    "รหัสเดิม {code} จะใช้ไม่ได้อีก (ผู้นำที่ลงทะเบียนแล้วยังอยู่เหมือนเดิม)\n"
    "พิมพ์ “ยืนยันเปลี่ยนรหัส” ภายใน 10 นาทีเพื่อยืนยัน"
)
NEW_JOIN_CODE = (
    "เปลี่ยนรหัสลงทะเบียนของ{centre} แล้วครับ ✅\n"
    "รหัสใหม่: {code}\nให้ผู้นำที่จะลงทะเบียนพิมพ์ “ลงทะเบียน {code}”"
)
NOTHING_TO_CONFIRM = "ไม่มีคำสั่งที่รอยืนยันครับ (หรือเกิน 10 นาทีแล้ว) กรุณาพิมพ์คำสั่งใหม่"
BUTTON_CONFIRM_NEW_JOIN_CODE = "ยืนยันเปลี่ยนรหัส"

# ประกาศ
ANNOUNCE_ASK = "พิมพ์ “ประกาศ” ตามด้วยข้อความที่จะส่ง เช่น “ประกาศ ขอเชิญประชุมผู้นำ 5 ธ.ค.”"
ANNOUNCE_NOBODY = "ยังไม่มีผู้นำ{who}ที่ลงทะเบียนใน{scope}ครับ จึงยังไม่มีผู้รับประกาศ"
ANNOUNCE_WHO_ADMIN = "หรือพัฒนากร"
ANNOUNCE_CONFIRM = (
    "ตรวจสอบก่อนส่งประกาศครับ\n"
    "ถึง: {people} คน ({leaders} ผู้นำ{officers}) ใน{scope}\n"
    "ใช้โควตาข้อความ LINE: {units} ข้อความ\n"
    "──────────\n{text}\n──────────\n"
    "พิมพ์ “ยืนยันประกาศ” ภายใน 10 นาทีเพื่อส่ง หรือ “ไม่ประกาศ” เพื่อยกเลิก"
)
ANNOUNCE_OFFICERS = " และพัฒนากร {count} คน"
ANNOUNCE_SENT = "ส่งประกาศถึง {people} คนแล้วครับ 📣 (ใช้โควตา {units} ข้อความ)"
ANNOUNCE_DROPPED = "ยกเลิกประกาศแล้วครับ ไม่มีการส่งข้อความ"
ANNOUNCE_HEAD = "📣 ประกาศจาก{sender} ({scope})\n\n{text}"
ANNOUNCE_SENDER_UNKNOWN = "เจ้าหน้าที่"
BUTTON_CONFIRM_ANNOUNCE = "ยืนยันประกาศ"
BUTTON_DROP_ANNOUNCE = "ไม่ประกาศ"

STAFF_IN_GROUP = "คำสั่งของเจ้าหน้าที่ใช้ในแชตส่วนตัวกับบอทนะครับ 🙏"
