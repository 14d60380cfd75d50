// The API's validation messages are English (they are the contract's, for scripts too); an admin reads them in
// Vietnamese. Each known message is matched here and said again in Vietnamese; one not known is shown as it came.
import { lang } from './i18n.js';

const vietnamese = [
  [/is required: one of/, () => 'Hãy chọn một giá trị.'],
  [/is required: an ISO 8601 time/, () => 'Hãy nhập ngày giờ.'],
  [/ is required\.$/, () => 'Không được để trống.'],
  [/is not a valid id/, () => 'Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, bắt đầu bằng chữ hoặc số, tối đa 64 ký tự (ví dụ: hoi-nghi-12-2026).'],
  [/^'(.*)' is not a valid \w+: use one of (.*)\.$/, (m) => `“${m[1]}” không hợp lệ; dùng một trong: ${m[2]}.`],
  [/is not an ISO 8601 time with an offset/, () => 'Thời gian phải có múi giờ, ví dụ 2026-12-03T08:00:00+07:00.'],
  [/scheduledEnd must be after scheduledStart/, () => 'Giờ kết thúc phải sau giờ bắt đầu.'],
  [/A sitting lasts at most (\d+) days/, (m) => `Một phiên họp kéo dài tối đa ${m[1]} ngày; kỳ họp dài hơn thì chia thành các phiên theo ngày.`],
  [/must be at most (\d+) characters/, (m) => `Tối đa ${m[1]} ký tự.`],
  [/lists (.*) more than once/, (m) => `${m[1]} bị chọn hai lần.`],
  [/^Unknown connection points: (.*)\.$/, (m) => `Không có điểm cầu: ${m[1]}.`],
  [/^Unknown delegates: (.*)\.$/, (m) => `Không có đại biểu: ${m[1]}.`],
  [/^Unknown venues: (.*)\.$/, (m) => `Không có địa điểm: ${m[1]}.`],
  [/^There is no venue '(.*?)'/, (m) => `Không có địa điểm “${m[1]}”.`],
  [/is a \w+, not a hall or meeting room/, () => 'Địa điểm này không phải hội trường hay phòng họp.'],
  [/is not a lodging venue/, () => 'Địa điểm này không phải nơi nghỉ của đại biểu.'],
  [/An inPerson session has no connection points/, () => 'Họp tập trung thì không có điểm cầu: chọn “Tập trung kết hợp trực tuyến” hoặc “Họp trực tuyến”.'],
  [/quorum must be between 1 and the number of delegates \((\d+)\)/, (m) => `Số đại biểu cần có mặt phải từ 1 đến ${m[1]} (số đại biểu của phiên họp).`],
  [/The kỳ họp's number is required/, () => 'Nhập số thứ tự kỳ họp, từ 1 đến 99.'],
  [/A round \(đợt\) is numbered/, () => 'Đợt họp đánh số từ 1 đến 9.'],
  [/A round \(đợt\) belongs to a kỳ họp/, () => 'Đợt họp phải thuộc một kỳ họp: điền cả cột plenarySession.'],
  [/is not a phone number/, () => 'Số điện thoại không hợp lệ, ví dụ 0243 8228 666 hoặc +84 24 3822 8666.'],
  [/is not an e-mail address/, () => 'Địa chỉ thư điện tử không hợp lệ, ví dụ kythuat@quochoi.vn.'],
  [/A webhook's target is an http\(s\) address/, () => 'Webhook cần địa chỉ http(s), ví dụ https://ops.example.vn/hooks/sessionops.'],
  [/An e-mail channel's target is an address/, () => 'Nhập địa chỉ hộp thư, ví dụ kythuat@quochoi.vn.'],
  [/A webhook needs a secret of (\d+) characters or more/, (m) => `Webhook cần khóa ký dài ít nhất ${m[1]} ký tự.`],
  [/The secret must be (\d+) to (\d+) characters long/, (m) => `Khóa ký dài từ ${m[1]} đến ${m[2]} ký tự.`],
  [/An e-mail channel takes no secret/, () => 'Kênh thư điện tử không dùng khóa ký.'],
  [/events lists what the channel is told of/, () => 'Chọn ít nhất một loại thông báo.'],
  [/^'(.*)' is not an event/, (m) => `“${m[1]}” không phải loại thông báo.`],
  [/A contact is an object/, () => 'Mỗi người liên hệ cần có tên, và số điện thoại hoặc thư điện tử.'],
  [/At most (\d+) contacts/, (m) => `Tối đa ${m[1]} người liên hệ.`],
  [/can no longer be changed/, () => 'Phiên họp đã kết thúc hoặc đã hủy, không sửa được nữa.'],
  [/at least (\d+) characters/, (m) => `Mật khẩu cần ít nhất ${m[1]} ký tự.`],
  [/^Unknown column '(.*)'/, (m) => `Cột “${m[1]}” không có trong mẫu.`],
  [/^The column '(.*)' is missing/, (m) => `Thiếu cột “${m[1]}”.`],
  [/^The column '(.*)' appears twice/, (m) => `Cột “${m[1]}” xuất hiện hai lần.`],
  [/^'(.*)' is already on row (\d+)/, (m) => `Mã “${m[1]}” đã có ở dòng ${m[2]}.`],
  [/^'(.*)' is not a whole number/, (m) => `“${m[1]}” không phải số nguyên.`],
  [/The file is not UTF-8/, () => 'Tệp không ở dạng UTF-8. Trong Excel, chọn Lưu thành “CSV UTF-8 (Comma delimited)” để giữ tiếng Việt.'],
  [/The file is larger than (\d+) MB/, (m) => `Tệp lớn hơn ${m[1]} MB. Hãy chia nhỏ, mỗi tháng hoặc mỗi đoàn một tệp.`],
  [/The file is empty/, () => 'Tệp rỗng.'],
  [/has no time zone/, () => 'Thời gian không có múi giờ (không có TZID hay Z): mỗi máy sẽ hiểu thành một thời điểm khác.'],
  [/an all-day event/, () => 'Sự kiện cả ngày không có giờ; phiên họp cần giờ bắt đầu và kết thúc.'],
  [/The event has no (DTSTART|DTEND|UID)/, (m) => `Sự kiện thiếu ${m[1]}.`],
  [/neither DTEND nor DURATION/, () => 'Sự kiện thiếu DTEND (hoặc DURATION).'],
  [/The event has no LOCATION/, () => 'Sự kiện thiếu LOCATION: ghi mã hoặc tên hội trường, phòng họp.'],
  [/^There is no venue '(.*)' \(by id or by name\)/, (m) => `Không có địa điểm “${m[1]}” (theo mã hoặc tên).`],
  [/A repeating event/, () => 'Sự kiện lặp lại: hãy xuất lịch với từng lần họp là một sự kiện riêng.'],
  [/not an iCalendar/, () => 'Tệp không phải lịch iCalendar (.ics).'],
  [/A quote is out of place/, () => 'Dấu ngoặc kép đặt sai chỗ ở dòng này.'],
  [/The row has (\d+) cells; the header has (\d+)/, (m) => `Dòng có ${m[1]} ô, trong khi dòng tiêu đề có ${m[2]}.`],
];

/** A message of the API in the page's language. */
export function say(message) {
  if (lang() !== 'vi' || !message) return message ?? '';
  for (const [pattern, render] of vietnamese) {
    const match = message.match(pattern);
    if (match) return render(match);
  }
  return message;
}
