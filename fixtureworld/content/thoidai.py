# ruff: noqa: E501  (prose and sentence templates are data)
"""Thời Đại: a Vietnamese news/diplomacy outlet (modelled on thoidai.com.vn)."""

from __future__ import annotations

from fixtureworld.model import Article, vn

HANOI_PATH = "/ha-noi-gia-nhap-mang-luoi-thanh-pho-hoc-tap-toan-cau-cua-unesco-123456.html"

SECTIONS: dict[str, str] = {
    "thoi-su": "Thời sự",
    "doi-ngoai": "Đối ngoại",
    "giao-duc": "Giáo dục",
    "kinh-te": "Kinh tế",
    "van-hoa": "Văn hóa",
    "the-thao": "Thể thao",
}

ARTICLES: list[Article] = [
    Article(
        key="vi-hanoi-gnlc",
        section="giao-duc",
        path=HANOI_PATH,
        title="Hà Nội gia nhập Mạng lưới thành phố học tập toàn cầu của UNESCO",
        lead=(
            "Ngày 19/11, Tổ chức Giáo dục, Khoa học và Văn hóa Liên hợp quốc (UNESCO) công bố "
            "danh sách thành viên mới của Mạng lưới thành phố học tập toàn cầu, trong đó có "
            "Thủ đô Hà Nội."
        ),
        body="""
Theo thông báo của Viện Học tập suốt đời thuộc UNESCO (UIL) có trụ sở tại thành phố Hamburg, Cộng hòa Liên bang Đức, đợt xét duyệt năm 2025 có thêm 53 thành phố thuộc 32 quốc gia được kết nạp. Hà Nội là một trong số ít thành phố của khu vực Đông Nam Á có tên trong danh sách lần này.

Mạng lưới thành phố học tập toàn cầu của UNESCO (GNLC) được thành lập năm 2013, hiện quy tụ hơn 350 thành phố trên khắp thế giới. Các thành viên cam kết thúc đẩy học tập suốt đời cho mọi người dân, từ giáo dục mầm non, giáo dục phổ thông đến đào tạo nghề và học tập tại cộng đồng.

## Hơn mười năm xây dựng xã hội học tập

Phát biểu tại buổi họp báo chiều 19/11, Phó Chủ tịch UBND thành phố Hà Nội cho biết việc gia nhập mạng lưới là kết quả của hơn mười năm triển khai Đề án xây dựng xã hội học tập. Toàn thành phố hiện có hơn 580 trung tâm học tập cộng đồng, 30 thư viện công cộng và hàng nghìn gia đình, dòng họ được công nhận danh hiệu học tập.

"Danh hiệu thành phố học tập không phải là đích đến, mà là cam kết lâu dài để mỗi người dân Thủ đô đều có cơ hội học tập, nâng cao kỹ năng và thích ứng với chuyển đổi số", ông nhấn mạnh.

Theo kế hoạch, trong giai đoạn 2026 - 2030, Hà Nội sẽ ưu tiên phát triển các nền tảng học tập trực tuyến miễn phí, mở rộng không gian đọc tại các phường, xã và tăng cường hợp tác với các thành phố thành viên khác trong mạng lưới, đặc biệt trong lĩnh vực giáo dục người lớn và đào tạo kỹ năng số.

## Cơ hội hợp tác quốc tế

Đại diện Văn phòng UNESCO tại Hà Nội đánh giá cao nỗ lực của thành phố trong việc gắn học tập suốt đời với các mục tiêu phát triển bền vững. Theo bà, kinh nghiệm của Hà Nội trong huy động cộng đồng, doanh nghiệp và các tổ chức xã hội tham gia giáo dục sẽ là bài học hữu ích cho nhiều đô thị đang phát triển.

Các thành phố mới sẽ chính thức nhận chứng nhận tại Hội nghị quốc tế về thành phố học tập lần thứ bảy, dự kiến tổ chức vào năm 2026. Báo cáo chi tiết về hồ sơ đề cử của Hà Nội đã được Sở Giáo dục và Đào tạo công bố trên cổng thông tin của thành phố.
""",
        authors=["Minh Anh"],
        published=vn(2025, 11, 20, 8, 30),
        modified=vn(2025, 11, 20, 10, 5),
        learning_city=True,
        tags=["Thành phố học tập", "UNESCO", "Hà Nội"],
        variant_links=[
            ("feed", HANOI_PATH + "?utm_source=rss&utm_medium=feed&utm_campaign=home"),
            ("home", HANOI_PATH + "?fbclid=IwAR2xKq7nT0sV9bLmP4eYdW1cZfHj3uQ8aR5oN6gIkE"),
            ("section", "/amp" + HANOI_PATH),
        ],
        amp_path="/amp" + HANOI_PATH,
        print_variant=True,
        attachments=[("Tải toàn văn báo cáo hồ sơ đề cử (PDF)", "/files/bao-cao-2025.pdf")],
    ),
    Article(
        key="vi-hue-gnlc",
        section="giao-duc",
        path="/hue-duoc-unesco-cong-nhan-la-thanh-pho-hoc-tap-toan-cau-123457.html",
        title="Huế được UNESCO công nhận là thành phố học tập toàn cầu",
        lead=(
            "Thành phố Huế vừa chính thức trở thành thành viên Mạng lưới thành phố học tập toàn "
            "cầu của UNESCO, mở ra cơ hội quảng bá mô hình học tập suốt đời gắn với di sản."
        ),
        body="""
Thông tin được UBND thành phố Huế công bố sáng 14/11, sau khi Viện Học tập suốt đời của UNESCO gửi thư chúc mừng và xác nhận kết quả xét duyệt hồ sơ. Huế là địa phương đầu tiên của khu vực miền Trung được ghi nhận trong mạng lưới này.

Theo lãnh đạo thành phố, hồ sơ của Huế nhấn mạnh mô hình "học tập từ di sản", trong đó các di tích, bảo tàng và làng nghề truyền thống trở thành không gian học tập mở cho học sinh, người cao tuổi và du khách. Mỗi năm, hơn 200.000 lượt học sinh tham gia các chương trình trải nghiệm tại Đại Nội và hệ thống lăng tẩm triều Nguyễn.

## Học tập suốt đời gắn với di sản

Bên cạnh đó, thành phố đã số hóa hơn 10.000 trang tư liệu Hán Nôm, xây dựng thư viện điện tử dùng chung cho các trường học và trung tâm học tập cộng đồng. Nhiều phường duy trì câu lạc bộ đọc sách, lớp tin học miễn phí cho người lớn tuổi và các khóa dạy nghề ngắn hạn cho lao động nông thôn.

Bà Trần Thị Hoài, Giám đốc Sở Giáo dục và Đào tạo, cho biết danh hiệu thành phố học tập sẽ giúp Huế tiếp cận kinh nghiệm của các thành phố bạn, đồng thời thu hút nguồn lực quốc tế cho các dự án giáo dục cộng đồng. "Chúng tôi muốn mỗi khu phố đều có một điểm học tập, nơi người dân có thể đọc sách, học kỹ năng số hay tìm hiểu lịch sử địa phương", bà nói.

Trong năm 2026, Huế dự kiến tổ chức Tuần lễ học tập suốt đời với chủ đề "Di sản và tương lai", mời đại diện một số thành phố thành viên của mạng lưới đến chia sẻ kinh nghiệm. Thành phố cũng đặt mục tiêu 100% trường phổ thông có thư viện đạt chuẩn và 70% người trưởng thành tham gia ít nhất một khóa học mỗi năm.
""",
        authors=["Hoàng Lan"],
        published=vn(2025, 11, 14, 15, 45),
        modified=vn(2025, 11, 14, 15, 45),
        date_mode="meta",
        learning_city=True,
        tags=["Thành phố học tập", "Huế"],
        copy_paths=[
            ("/hue-thanh-pho-hoc-tap-toan-cau-dau-tien-cua-mien-trung-123499.html", "van-hoa")
        ],
    ),
    Article(
        key="vi-bac-ninh-cp1258",
        section="giao-duc",
        path="/bac-ninh-dat-muc-tieu-xay-dung-thanh-pho-hoc-tap-123458.html",
        title="Bắc Ninh đặt mục tiêu xây dựng thành phố học tập vào năm 2030",
        lead=(
            "Tỉnh Bắc Ninh vừa ban hành kế hoạch xây dựng thành phố học tập giai đoạn "
            "2025 - 2030, hướng tới tham gia Mạng lưới thành phố học tập toàn cầu của UNESCO."
        ),
        body="""
Theo kế hoạch, thành phố Bắc Ninh sẽ tập trung nâng cao chất lượng các trung tâm học tập cộng đồng, phát triển thư viện số và khuyến khích doanh nghiệp tổ chức đào tạo tại chỗ cho người lao động. Đây là lần đầu tiên địa phương xây dựng bộ chỉ số riêng để đánh giá mức độ học tập suốt đời của người dân.

Ông Nguyễn Văn Đức, Phó Giám đốc Sở Giáo dục và Đào tạo tỉnh, cho biết Bắc Ninh có lợi thế lớn về truyền thống hiếu học và hệ thống khu công nghiệp phát triển. Mỗi năm, các khu công nghiệp trên địa bàn thu hút hàng chục nghìn lao động trẻ, nhiều người có nhu cầu học thêm ngoại ngữ, tin học và kỹ năng quản lý.

## Huy động doanh nghiệp cùng tham gia

Kế hoạch đề ra mục tiêu đến năm 2030, 80% doanh nghiệp có từ 200 lao động trở lên sẽ tổ chức ít nhất một chương trình đào tạo kỹ năng mỗi năm. Tỉnh cũng sẽ hỗ trợ kinh phí để các xã, phường mở lớp học buổi tối về chuyển đổi số, an toàn giao thông và chăm sóc sức khỏe.

Văn hóa Quan họ cũng được đưa vào chương trình học tập cộng đồng. Các câu lạc bộ Quan họ ở làng Diềm, làng Lim sẽ mở lớp truyền dạy miễn phí cho thanh thiếu niên vào dịp hè, góp phần gìn giữ di sản văn hóa phi vật thể của nhân loại.

Theo các chuyên gia giáo dục, để trở thành thành phố học tập đúng nghĩa, địa phương cần đo lường kết quả một cách minh bạch và lắng nghe ý kiến của người học. Bắc Ninh dự kiến công bố báo cáo đánh giá giữa kỳ vào cuối năm 2027 trước khi nộp hồ sơ lên UNESCO.
""",
        authors=["Thu Hà"],
        published=vn(2025, 11, 12, 9, 0),
        date_mode="visible-text",
        learning_city=True,
        charset="windows-1258",
    ),
    Article(
        key="vi-xang-dau",
        section="kinh-te",
        path="/gia-xang-dau-giam-lan-thu-ba-lien-tiep-123459.html",
        title="Giá xăng dầu giảm lần thứ ba liên tiếp",
        lead=(
            "Từ 15h chiều 19/11, giá xăng RON 95-III giảm 320 đồng/lít, xuống còn 20.310 "
            "đồng/lít, mức thấp nhất kể từ đầu năm."
        ),
        body="""
Theo thông báo của liên Bộ Công Thương - Tài chính, giá xăng E5 RON 92 giảm 280 đồng/lít, còn 19.620 đồng/lít; giá dầu diesel giảm 410 đồng/lít, còn 18.750 đồng/lít. Giá dầu hỏa và dầu mazut cũng được điều chỉnh giảm từ 150 đến 300 đồng tùy loại.

Đây là kỳ điều hành thứ ba liên tiếp giá xăng dầu trong nước đi xuống, phù hợp với xu hướng của thị trường thế giới. Trong hai tuần qua, giá dầu Brent trên thị trường London dao động quanh mức 63 USD/thùng do lo ngại nhu cầu tiêu thụ năng lượng tại các nền kinh tế lớn suy yếu.

Liên bộ cho biết kỳ này không trích lập và không chi sử dụng Quỹ bình ổn giá xăng dầu. Số dư quỹ tính đến cuối quý III/2025 vào khoảng 5.900 tỷ đồng.

## Doanh nghiệp vận tải được hưởng lợi

Theo Hiệp hội Vận tải ô tô Việt Nam, chi phí nhiên liệu chiếm từ 35% đến 40% giá thành vận tải. Việc giá dầu diesel giảm liên tiếp sẽ giúp doanh nghiệp giảm áp lực chi phí trong mùa cao điểm vận chuyển hàng hóa cuối năm.

Tuy nhiên, một số chuyên gia cho rằng giá cước vận tải chưa chắc giảm tương ứng, bởi các chi phí khác như phí cầu đường, lương lái xe và bảo dưỡng phương tiện vẫn ở mức cao. Người tiêu dùng có thể phải chờ thêm vài kỳ điều hành để thấy tác động rõ hơn tới giá hàng hóa.

Theo lịch, kỳ điều hành giá xăng dầu tiếp theo sẽ diễn ra vào ngày 26/11. Bộ Công Thương đề nghị các thương nhân đầu mối bảo đảm nguồn cung, không để xảy ra tình trạng đứt hàng tại các cửa hàng bán lẻ.
""",
        authors=["Quang Huy"],
        published=vn(2025, 11, 19, 15, 20),
        modified=vn(2025, 11, 19, 16, 0),
        related=["vi-hanoi-gnlc", "vi-hue-gnlc", "vi-future-date"],
        comments=[
            (
                "Lê Thu Trang",
                "Mong giá giảm tiếp. Nhân tiện, bài về Hà Nội trở thành thành phố học tập "
                "toàn cầu hôm qua rất hay, mong báo viết thêm!",
            )
        ],
    ),
    Article(
        key="vi-hoc-may-giao-thong",
        section="thoi-su",
        path="/ung-dung-hoc-may-dieu-khien-den-giao-thong-tai-ha-noi-123460.html",
        title="Ứng dụng học máy điều khiển đèn giao thông tại Hà Nội",
        lead=(
            "Hà Nội thí điểm hệ thống đèn tín hiệu sử dụng trí tuệ nhân tạo và học máy tại 12 nút "
            "giao trọng điểm, giúp giảm thời gian chờ trung bình gần 20%."
        ),
        body="""
Hệ thống do Sở Xây dựng Hà Nội phối hợp với một doanh nghiệp công nghệ trong nước triển khai từ tháng 9. Camera đặt tại các nút giao ghi nhận lưu lượng phương tiện theo thời gian thực, sau đó thuật toán học máy tự động điều chỉnh thời gian đèn xanh, đèn đỏ cho từng hướng.

Sau hai tháng vận hành, thời gian chờ trung bình tại nút giao Kim Mã - Liễu Giai giảm từ 94 giây xuống còn 76 giây vào giờ cao điểm buổi sáng. Tại nút giao Nguyễn Chí Thanh - Láng, chiều dài hàng xe ùn ứ giảm khoảng 30%.

## Dữ liệu là chìa khóa

Theo kỹ sư phụ trách dự án, mô hình được huấn luyện trên dữ liệu giao thông của hơn một năm, bao gồm cả những ngày mưa lớn và dịp lễ, Tết. "Mô hình càng có nhiều dữ liệu thì dự báo càng chính xác. Chúng tôi tiếp tục cập nhật hằng tuần để hệ thống thích ứng với thay đổi của thành phố", anh cho biết.

Các chuyên gia giao thông đánh giá đây là hướng đi đúng, nhưng lưu ý rằng công nghệ chỉ phát huy hiệu quả khi hạ tầng camera, đường truyền và trung tâm điều khiển được đầu tư đồng bộ. Việc bảo vệ dữ liệu hình ảnh của người tham gia giao thông cũng cần được quy định rõ ràng.

Nếu kết quả thí điểm khả quan, Hà Nội dự kiến mở rộng hệ thống ra khoảng 100 nút giao trong năm 2026, ưu tiên các tuyến đường vành đai và cửa ngõ. Kinh phí ước tính khoảng 250 tỷ đồng, được bố trí từ ngân sách thành phố và nguồn xã hội hóa.

Người dân có thể góp ý về thời gian đèn tín hiệu thông qua ứng dụng iHanoi. Các phản ánh sẽ được tổng hợp để điều chỉnh mô hình trong các đợt cập nhật tiếp theo.
""",
        authors=["Đức Minh"],
        published=vn(2025, 11, 16, 7, 10),
        modified=vn(2025, 11, 16, 7, 10),
    ),
    Article(
        key="vi-nfd-doi-ngoai",
        section="doi-ngoai",
        path="/viet-nam-va-duc-tang-cuong-hop-tac-giao-duc-nghe-nghiep-123461.html",
        title="Việt Nam và Đức tăng cường hợp tác giáo dục nghề nghiệp",
        lead=(
            "Hai nước thống nhất mở rộng chương trình đào tạo nghề theo mô hình kép của Đức, "
            "ưu tiên các ngành cơ khí, điện tử và điều dưỡng."
        ),
        body="""
Thông tin được đưa ra tại cuộc tiếp xúc giữa lãnh đạo Bộ Nội vụ và đại diện Bộ Giáo dục và Nghiên cứu Liên bang Đức tại Hà Nội ngày 18/11. Hai bên đánh giá cao kết quả hợp tác trong hơn mười năm qua, với hàng nghìn học viên Việt Nam đã hoàn thành chương trình đào tạo theo tiêu chuẩn Đức.

Theo mô hình đào tạo kép, học viên dành khoảng 70% thời gian thực hành tại doanh nghiệp và 30% thời gian học lý thuyết tại trường. Nhiều cơ sở giáo dục nghề nghiệp ở Hà Nội, Thành phố Hồ Chí Minh và Đà Nẵng đã áp dụng thành công phương thức này.

## Nhu cầu nhân lực lớn

Đại sứ Đức tại Việt Nam cho biết nền kinh tế Đức đang thiếu hụt hàng trăm nghìn lao động có tay nghề, đặc biệt trong lĩnh vực chăm sóc sức khỏe và kỹ thuật. Việt Nam với lực lượng lao động trẻ, cần cù là đối tác quan trọng trong chiến lược thu hút nhân lực của Đức.

Phía Việt Nam đề nghị Đức hỗ trợ nâng cao năng lực cho giáo viên dạy nghề, chia sẻ chương trình đào tạo và công nhận lẫn nhau về văn bằng, chứng chỉ. Hai bên cũng thảo luận khả năng thành lập một trung tâm đào tạo chất lượng cao tại miền Trung.

Kết thúc buổi làm việc, hai bên ký biên bản ghi nhớ về việc triển khai giai đoạn mới của chương trình, dự kiến kéo dài đến năm 2030. Theo kế hoạch, mỗi năm sẽ có khoảng 1.000 học viên Việt Nam được tuyển chọn tham gia đào tạo và làm việc tại Đức.
""",
        authors=["Phương Thảo"],
        published=vn(2025, 11, 18, 16, 20),
        modified=vn(2025, 11, 18, 17, 0),
        nfd=True,
    ),
    Article(
        key="vi-future-date",
        section="kinh-te",
        path="/xuat-khau-nong-san-10-thang-dat-gan-53-ty-usd-123462.html",
        title="Xuất khẩu nông sản 10 tháng đạt gần 53 tỷ USD",
        lead=(
            "Kim ngạch xuất khẩu nông, lâm, thủy sản 10 tháng năm 2025 ước đạt 52,8 tỷ USD, "
            "tăng 12,3% so với cùng kỳ năm trước."
        ),
        body="""
Theo số liệu của Bộ Nông nghiệp và Môi trường, xuất khẩu nhóm nông sản chính ước đạt 27,1 tỷ USD, lâm sản chính đạt 14,2 tỷ USD, thủy sản đạt 9,4 tỷ USD. Thặng dư thương mại toàn ngành ước khoảng 17 tỷ USD.

Cà phê tiếp tục là điểm sáng với kim ngạch vượt 7,5 tỷ USD nhờ giá xuất khẩu bình quân duy trì ở mức cao. Rau quả đạt gần 6,8 tỷ USD, trong đó sầu riêng chiếm tỷ trọng lớn nhất. Xuất khẩu gạo giảm nhẹ về giá trị do giá thế giới đi xuống, dù khối lượng vẫn tăng.

## Thị trường truyền thống giữ vững

Trung Quốc, Hoa Kỳ và Nhật Bản vẫn là ba thị trường tiêu thụ lớn nhất của nông sản Việt Nam, chiếm hơn 50% tổng kim ngạch. Xuất khẩu sang Liên minh châu Âu tăng 18% nhờ tận dụng tốt ưu đãi thuế quan từ Hiệp định EVFTA.

Tuy vậy, các doanh nghiệp xuất khẩu đang đối mặt với yêu cầu ngày càng khắt khe về truy xuất nguồn gốc, chống phá rừng và giảm phát thải. Quy định chống phá rừng của EU (EUDR) sẽ tác động trực tiếp đến các mặt hàng cà phê, cao su và gỗ.

Bộ Nông nghiệp và Môi trường đặt mục tiêu kim ngạch xuất khẩu toàn ngành năm 2025 đạt 65 tỷ USD. Để đạt mục tiêu này, các địa phương được yêu cầu đẩy mạnh cấp mã số vùng trồng, xây dựng thương hiệu và mở rộng thị trường sang Trung Đông, châu Phi.
""",
        authors=["Bảo Ngọc"],
        published=vn(2025, 11, 17, 10, 15),
        date_mode="future-json-ld",
    ),
    Article(
        key="vi-flaky",
        section="the-thao",
        path="/doi-tuyen-viet-nam-chot-danh-sach-26-cau-thu-gap-lao-123463.html",
        title="Đội tuyển Việt Nam chốt danh sách 26 cầu thủ cho trận gặp Lào",
        lead=(
            "Huấn luyện viên Kim Sang-sik công bố danh sách 26 cầu thủ, chuẩn bị cho trận đấu "
            "quyết định tại vòng loại Asian Cup 2027."
        ),
        body="""
Huấn luyện viên trưởng Kim Sang-sik vừa công bố danh sách 26 cầu thủ chuẩn bị cho trận đấu với đội tuyển Lào tại vòng loại cuối cùng Asian Cup 2027, diễn ra trên sân Thiên Trường (Nam Định) tối 25/11.

Danh sách có sự trở lại của tiền đạo Nguyễn Tiến Linh sau chấn thương và sự góp mặt của ba gương mặt trẻ lần đầu được triệu tập. Thủ môn Đặng Văn Lâm tiếp tục vắng mặt do chưa đạt thể lực tốt nhất.

## Mục tiêu ba điểm

Sau bốn lượt trận, đội tuyển Việt Nam đang đứng thứ hai bảng F với 9 điểm, kém đội đầu bảng Malaysia 1 điểm. Chỉ đội nhất bảng giành vé dự vòng chung kết, vì vậy trận gặp Lào được xem là trận đấu phải thắng với cách biệt lớn.

"Chúng tôi tôn trọng mọi đối thủ. Các cầu thủ đã tập luyện rất nghiêm túc và sẵn sàng cho trận đấu", huấn luyện viên Kim Sang-sik chia sẻ trong buổi họp báo. Ông cho biết đội sẽ chú trọng khả năng dứt điểm, điểm yếu bộc lộ trong trận hòa gần nhất.

Đội tuyển hội quân tại Trung tâm đào tạo bóng đá trẻ Việt Nam từ ngày 17/11 và di chuyển xuống Nam Định hai ngày trước trận đấu. Ban tổ chức cho biết toàn bộ 20.000 vé đã được bán hết chỉ sau ba giờ mở bán trực tuyến.

Theo lịch thi đấu, sau trận gặp Lào, đội tuyển sẽ có trận giao hữu với một đội bóng châu Âu vào đầu tháng 12 nhằm thử nghiệm đội hình và chiến thuật mới.
""",
        authors=["Hải Đăng"],
        published=vn(2025, 11, 19, 21, 5),
        modified=vn(2025, 11, 19, 21, 5),
        special="flaky",
    ),
    Article(
        key="vi-van-hoa",
        section="van-hoa",
        path="/le-hoi-ao-dai-tp-ho-chi-minh-thu-hut-hang-nghin-nguoi-tham-gia-123464.html",
        title="Lễ hội Áo dài TP Hồ Chí Minh thu hút hàng nghìn người tham gia",
        lead=(
            "Lễ hội Áo dài lần thứ 11 khai mạc tối 8/11 tại phố đi bộ Nguyễn Huệ với nhiều hoạt "
            "động trình diễn, triển lãm và giao lưu văn hóa."
        ),
        body="""
Năm nay, lễ hội có chủ đề "Áo dài - Di sản kết nối", quy tụ hơn 60 nhà thiết kế và hàng trăm người mẫu, nghệ sĩ. Tiết mục mở màn là màn đồng diễn của 1.000 phụ nữ mặc áo dài truyền thống dọc phố đi bộ.

Bên cạnh các buổi trình diễn thời trang, ban tổ chức bố trí khu triển lãm giới thiệu quá trình phát triển của chiếc áo dài từ thời nhà Nguyễn đến nay. Nhiều hiện vật quý như áo dài ngũ thân, áo dài của các nữ nghệ sĩ nổi tiếng lần đầu được trưng bày.

## Quảng bá hình ảnh đến du khách quốc tế

Theo Sở Văn hóa và Thể thao, lễ hội đã trở thành sự kiện văn hóa - du lịch thường niên của thành phố. Nhiều du khách nước ngoài thích thú khi được mặc thử áo dài, tham gia lớp may vá và chụp ảnh tại các điểm check-in.

Bà Nguyễn Thị Thanh Thủy, một du khách đến từ Hà Nội, cho biết đây là lần thứ ba bà tham dự lễ hội. "Mỗi năm lễ hội lại có nét mới. Tôi đặc biệt ấn tượng với khu trưng bày áo dài xưa", bà nói.

Lễ hội kéo dài đến hết ngày 16/11, với các hoạt động như hội thảo về bảo tồn nghề may áo dài, cuộc thi ảnh và chương trình giao lưu giữa các câu lạc bộ áo dài trong và ngoài nước. Ban tổ chức kỳ vọng thu hút khoảng 100.000 lượt khách trong suốt thời gian diễn ra sự kiện.
""",
        authors=["Ngọc Diệp"],
        published=vn(2025, 11, 9, 6, 45),
        modified=vn(2025, 11, 9, 8, 0),
    ),
    Article(
        key="vi-doi-ngoai-nhat-ban",
        section="doi-ngoai",
        path="/giao-luu-huu-nghi-viet-nam-nhat-ban-tai-da-nang-123465.html",
        title="Giao lưu hữu nghị Việt Nam - Nhật Bản tại Đà Nẵng",
        lead=(
            "Hơn 500 đại biểu, sinh viên và người dân hai nước đã tham gia chương trình giao lưu "
            "hữu nghị Việt Nam - Nhật Bản tổ chức tại Đà Nẵng ngày 15/11."
        ),
        body="""
Chương trình do Liên hiệp các tổ chức hữu nghị thành phố Đà Nẵng phối hợp với Tổng Lãnh sự quán Nhật Bản tổ chức, nhằm thắt chặt tình hữu nghị và hiểu biết lẫn nhau giữa nhân dân hai nước.

Phát biểu khai mạc, Tổng Lãnh sự Nhật Bản tại Đà Nẵng nhấn mạnh quan hệ Đối tác chiến lược toàn diện giữa hai nước đang phát triển mạnh mẽ trên nhiều lĩnh vực. Nhật Bản hiện là một trong những nhà đầu tư lớn nhất tại Đà Nẵng với hơn 200 dự án còn hiệu lực.

## Nhiều hoạt động văn hóa đặc sắc

Tại chương trình, các đại biểu được thưởng thức tiết mục múa truyền thống Nhật Bản, biểu diễn trống Taiko và các làn điệu dân ca miền Trung. Khu trải nghiệm trà đạo, viết thư pháp và gấp giấy origami thu hút đông đảo sinh viên tham gia.

Nhiều doanh nghiệp Nhật Bản cũng giới thiệu cơ hội việc làm và học bổng cho sinh viên Việt Nam. Đại diện một trường đại học tại Osaka cho biết số lượng sinh viên Việt Nam theo học tại trường đã tăng gấp đôi trong năm năm qua.

Dịp này, Liên hiệp các tổ chức hữu nghị thành phố trao tặng kỷ niệm chương "Vì hòa bình, hữu nghị giữa các dân tộc" cho ba cá nhân người Nhật Bản có nhiều đóng góp cho quan hệ hai nước. Chương trình giao lưu sẽ được tổ chức định kỳ hằng năm, luân phiên tại Đà Nẵng và một địa phương của Nhật Bản.
""",
        authors=["Thanh Tùng"],
        published=vn(2025, 11, 15, 18, 30),
        modified=vn(2025, 11, 15, 18, 30),
        date_mode="meta",
    ),
    Article(
        key="vi-duong-sat-so-5",
        section="thoi-su",
        path="/ha-noi-khoi-cong-tuyen-duong-sat-do-thi-so-5-123466.html",
        title="Hà Nội khởi công tuyến đường sắt đô thị số 5",
        lead=(
            "Sáng 10/11, Hà Nội khởi công tuyến đường sắt đô thị số 5 Văn Cao - Hòa Lạc dài gần "
            "39 km, tổng mức đầu tư khoảng 65.400 tỷ đồng."
        ),
        body="""
Tuyến đường sắt có điểm đầu tại khu vực Văn Cao, chạy dọc đường Liễu Giai, Kim Mã, Đại lộ Thăng Long và kết thúc tại khu công nghệ cao Hòa Lạc. Toàn tuyến có 20 nhà ga, trong đó 7 ga ngầm và 13 ga trên cao.

Theo chủ đầu tư, dự án dự kiến hoàn thành và đưa vào khai thác năm 2030. Khi vận hành, tuyến có thể phục vụ khoảng 300.000 lượt hành khách mỗi ngày, giúp giảm đáng kể áp lực giao thông trên Đại lộ Thăng Long.

## Ưu tiên giải phóng mặt bằng

Phát biểu tại lễ khởi công, Chủ tịch UBND thành phố yêu cầu các phường, xã liên quan hoàn thành bàn giao mặt bằng trong quý II/2026. Hơn 1.200 hộ dân bị ảnh hưởng bởi dự án sẽ được bố trí tái định cư tại chỗ hoặc nhận hỗ trợ bằng tiền theo quy định.

Đây là tuyến đường sắt đô thị thứ ba được Hà Nội khởi công trong năm 2025. Theo quy hoạch, đến năm 2035 Thủ đô sẽ có khoảng 400 km đường sắt đô thị, trở thành xương sống của hệ thống giao thông công cộng.

Các chuyên gia cho rằng kinh nghiệm chậm tiến độ, đội vốn từ tuyến Cát Linh - Hà Đông và Nhổn - ga Hà Nội cần được rút ra nghiêm túc. Việc lựa chọn nhà thầu có năng lực, làm chủ công nghệ và đào tạo nhân lực vận hành là yếu tố quyết định thành công của dự án.
""",
        authors=["Văn Khánh"],
        published=vn(2025, 11, 10, 11, 0),
        modified=vn(2025, 11, 10, 11, 40),
    ),
    Article(
        key="vi-olympic-tin-hoc",
        section="giao-duc",
        path="/hoc-sinh-viet-nam-gianh-4-huy-chuong-vang-olympic-tin-hoc-123467.html",
        title="Học sinh Việt Nam giành 4 huy chương vàng Olympic Tin học châu Á",
        lead=(
            "Đoàn học sinh Việt Nam xếp thứ hai toàn đoàn tại kỳ thi Olympic Tin học châu Á - "
            "Thái Bình Dương năm 2025."
        ),
        body="""
Đoàn học sinh Việt Nam tham dự kỳ thi Olympic Tin học châu Á - Thái Bình Dương (APIO) năm 2025 đã giành 4 huy chương vàng, 3 huy chương bạc và 1 huy chương đồng, xếp thứ hai toàn đoàn sau Trung Quốc.

Kỳ thi năm nay thu hút gần 800 thí sinh đến từ 35 quốc gia và vùng lãnh thổ. Các thí sinh phải giải ba bài toán lập trình trong năm giờ, đòi hỏi tư duy thuật toán và khả năng tối ưu hóa chương trình ở mức cao.

## Thành tích cao nhất từ trước đến nay

Theo Bộ Giáo dục và Đào tạo, đây là thành tích tốt nhất của đội tuyển Việt Nam kể từ khi tham dự kỳ thi. Em Trần Minh Khôi, học sinh lớp 12 Trường THPT chuyên Khoa học Tự nhiên, đạt điểm tuyệt đối và đứng đầu bảng xếp hạng cá nhân.

"Em rất bất ngờ vì bài thứ ba khó hơn nhiều so với đề các năm trước. Em đã phải thử ba cách tiếp cận khác nhau trước khi tìm ra lời giải", Khôi chia sẻ sau lễ trao giải.

Các thầy cô phụ trách đội tuyển cho biết, bên cạnh năng khiếu của học sinh, việc tổ chức tập huấn bài bản và trao đổi với các chuyên gia quốc tế đóng vai trò quan trọng. Nhiều em trong đội tuyển đã nhận được lời mời học bổng từ các trường đại học danh tiếng ở Singapore, Hoa Kỳ và Anh.

Bộ Giáo dục và Đào tạo dự kiến tổ chức lễ vinh danh đội tuyển vào cuối tháng 11 tại Hà Nội.
""",
        authors=["Khánh Linh"],
        published=vn(2025, 11, 11, 14, 0),
        modified=vn(2025, 11, 11, 14, 0),
    ),
    Article(
        key="vi-disallowed-draft",
        section="giao-duc",
        path="/private/ban-nhap-ha-noi-va-hanh-trinh-thanh-pho-hoc-tap-999999.html",
        title="[Bản nháp] Hà Nội và hành trình trở thành thành phố học tập",
        lead="Bản nháp nội bộ, chưa được biên tập viên duyệt.",
        body="""
Bài viết này là bản nháp nội bộ của ban biên tập về chặng đường hơn mười năm Hà Nội xây dựng xã hội học tập, trước khi được UNESCO công nhận là thành phố học tập toàn cầu.

Phóng viên cần bổ sung số liệu về các trung tâm học tập cộng đồng, ý kiến của chuyên gia giáo dục và người dân tại các phường đã triển khai mô hình thư viện mở.

Bản nháp không được xuất bản và không được đưa vào bất kỳ trang chuyên mục hay nguồn tin RSS nào của tòa soạn.
""",
        authors=["Ban Biên tập"],
        published=vn(2025, 11, 21, 9, 0),
        learning_city=True,
        special="disallowed",
        listed=False,
        in_feeds=False,
        in_sitemaps=False,
    ),
]
