"""Every Thai word of the monthly report file, in one place to read and review. The names of
types, dimensions and national days come from thaitext.activities, like the bot's replies."""

from __future__ import annotations

TITLE = "รายงานผลการดำเนินงานศูนย์ผู้นำจิตอาสาพัฒนาชุมชน"
MONTH_LINE = "ประจำเดือน{month}"
AS_OF = "ข้อมูล ณ วันที่ {day}"
CENTRES_LINE = ("ศูนย์ฯ ที่รายงานผลแล้ว {reported:,} แห่ง จากทั้งหมด {centres:,} แห่ง "
                "คิดเป็นร้อยละ {percent:.2f}")
REPORTS_LINE = ("รายงานกิจกรรมทั้งหมด {reports:,} กิจกรรม ผู้เข้าร่วม {participants:,} คน "
                "ภาพถ่าย {photos:,} ภาพ")
FAILED_PHOTOS = " (บันทึกภาพไม่สำเร็จ {failed:,} ภาพ)"

# The area one level below the report's scope, as a column heading.
AREA_HEADINGS = {"country": "จังหวัด", "province": "อำเภอ", "district": "ศูนย์ฯ ตำบล"}
AREA_RANKS = {"country": "รายจังหวัด", "province": "รายอำเภอ", "district": "รายศูนย์ฯ"}

TABLE_AREAS = "ตารางที่ 1 ผลการรายงานกิจกรรม{rank}"
TABLE_SECTORS = "ตารางที่ 2 การมีส่วนร่วมของภาคีการพัฒนา 7 ภาคส่วน"
TABLE_DIMENSIONS = "ตารางที่ 3 กิจกรรมประเภท 3.2 จำแนกตามมิติ"
TABLE_DAYS = "ตารางที่ 4 กิจกรรมประเภท 3.3 จำแนกตามวันสำคัญของชาติ"
CHART_TITLE = "จำนวนกิจกรรมจำแนกตามประเภท{rank}"

ORDER = "ลำดับ"
CENTRES = "จำนวนศูนย์ฯ"
REPORTED = "ศูนย์ฯ ที่รายงาน"
PERCENT = "ร้อยละ"
BY_TYPE = "จำนวนกิจกรรมจำแนกตามประเภท"
UNCLASSIFIED = "ยังไม่ระบุประเภท"
REPORTS = "รวมกิจกรรม"
PARTICIPANTS = "ผู้เข้าร่วม (คน)"
PHOTOS = "ภาพถ่าย (ภาพ)"
TOTAL = "รวม"
LEGEND = "หมายเหตุ: {code} คือ {name}"

SECTOR = "ภาคีการพัฒนา"
DIMENSION = "มิติ"
NATIONAL_DAY = "วันสำคัญของชาติ"
REPORT_COUNT = "จำนวนกิจกรรม"
PERCENT_OF_REPORTS = "ร้อยละของกิจกรรมทั้งหมด"
PERCENT_OF_32 = "ร้อยละของกิจกรรมประเภท 3.2"
PERCENT_OF_33 = "ร้อยละของกิจกรรมประเภท 3.3"
NO_NATIONAL_DAYS = "ไม่มีกิจกรรมในโอกาสวันสำคัญของชาติในเดือนนี้"

SUMMARY_SHEET = "สรุป"
LINES_SHEET = "รายการกิจกรรม"
MISSING_SHEET = "ศูนย์ฯ ที่ยังไม่รายงาน"

LINES_TITLE = "รายการกิจกรรมของศูนย์ผู้นำจิตอาสาพัฒนาชุมชน {area}"
LINES_SUBTITLE = "ประจำเดือน{month} จำนวน {count:,} กิจกรรม"
NO_LINES = "ไม่มีรายงานกิจกรรมในเดือนนี้"
DATE = "วันที่"
CENTRE = "ศูนย์ฯ ตำบล"
TYPE = "ประเภทกิจกรรม"
DETAIL = "มิติ / วันสำคัญ"
SECTORS = "ภาคีที่ร่วมดำเนินการ"
TEXT = "รายละเอียดกิจกรรม"
PHOTO_COUNT = "ภาพถ่าย (ภาพ)"
FAILED_COUNT = "ภาพที่บันทึกไม่สำเร็จ"
NONE = "-"

MISSING_TITLE = "ศูนย์ผู้นำจิตอาสาพัฒนาชุมชนที่ยังไม่รายงานผล {scope}"
MISSING_SUBTITLE = "ประจำเดือน{month} จำนวน {count:,} แห่ง"
ALL_REPORTED = "ทุกศูนย์ฯ รายงานผลครบแล้ว"
DISTRICT = "อำเภอ"
SUBDISTRICT = "ตำบล"
SUBDISTRICT_CODE = "รหัสตำบล"
LEADERS = "ผู้นำที่ลงทะเบียนในบอต"
NO_LEADERS = "ยังไม่มีผู้นำลงทะเบียน"

FOOTER = "หน้า &P จาก &N"

# The download page, seen only when a link cannot give the file.
LINK_REFUSED_TITLE = "ลิงก์นี้ใช้ไม่ได้แล้ว"
LINK_REFUSED = ("ลิงก์ดาวน์โหลดรายงานนี้หมดอายุหรือไม่ถูกต้อง "
                "กรุณาพิมพ์คำสั่ง “ส่งออก” ในไลน์อีกครั้งเพื่อรับลิงก์ใหม่")
NOT_FOUND_TITLE = "ไม่พบไฟล์"
NOT_FOUND = "ที่อยู่นี้ไม่มีไฟล์ รายงานประจำเดือนเปิดได้จากลิงก์ที่บอตส่งให้ในไลน์เท่านั้น"
AREA_GONE = "ไม่พบพื้นที่ของรายงานนี้ในระบบ กรุณาติดต่อผู้ดูแลระบบของจังหวัด"
