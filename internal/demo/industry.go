package demo

import (
	"time"

	"github.com/regulars/regulars"
)

// Industries of the demo clients.
const (
	indRetail    = "розничная торговля"
	indCosmetics = "косметика"
	indFood      = "общепит"
	indIT        = "IT"
	indEducation = "образование"
	indMedicine  = "медицина"
	indBuilding  = "строительство"
	indRealty    = "недвижимость"
	indBeauty    = "красота"
	indB2B       = "B2B-услуги"
	indWebDesign = "веб-дизайн"
	indTourism   = "туризм"
	indFitness   = "фитнес"
)

// industry is what the generator knows of a client's line of business.
type industry struct {
	name     string
	weight   int
	private  float64  // the share of clients who work without a company: experts, tutors, masters
	brands   []string // company names
	holiday  holiday  // the professional holiday
	seasons  []seasonal
	launches []string
	plans    []planSpec
	pains    []string
	goals    []string
}

// holiday is a yearly professional holiday: a fixed day, or the nth weekday of a month.
type holiday struct {
	name    string
	month   time.Month
	day     int // a fixed day of the month, or 0
	weekday time.Weekday
	nth     int // 1 to 4: the nth weekday of the month when day is 0
}

// in returns the holiday's date in year.
func (h holiday) in(year int) regulars.Date {
	if h.day > 0 {
		return regulars.NewDate(year, h.month, h.day)
	}
	first := regulars.NewDate(year, h.month, 1)
	shift := (int(h.weekday) - int(first.Time().Weekday()) + 7) % 7
	return first.AddDays(shift + 7*(h.nth-1))
}

// seasonal is a yearly seasonal campaign of an industry.
type seasonal struct {
	note  string
	month time.Month
	day   int
}

// planSpec is a plan a client of an industry may have, the month it is set for, and what to
// offer ahead of it.
type planSpec struct {
	title string
	month time.Month
	offer string
}

// industries returns the industries with their weights among the studio's clients.
func industries() []industry {
	return []industry{
		{name: indRetail, weight: 12, private: 0.05,
			brands:   []string{"Домовой", "Корзинка", "Хозяюшка", "ТехноМир", "Мир посуды", "Лапа", "Книжная полка", "Детский остров", "Сад и огород", "ЭкоЛавка"},
			holiday:  holiday{name: "День работника торговли", month: time.July, weekday: time.Sunday, nth: 4},
			seasons:  []seasonal{{"Новогодние продажи: витрины и акции готовить с середины ноября", time.November, 15}, {"Чёрная пятница", time.November, 24}, {"Школьный сезон: товары к 1 сентября", time.August, 1}},
			launches: []string{"Открытие нового магазина", "Запуск собственной торговой марки", "Старт продаж новой коллекции"},
			plans:    []planSpec{{"Запуск интернет-магазина к Новому году", time.November, "Летом предложить интернет-магазин и рекламу к сезону."}, {"Новая линейка товаров осенью", time.September, "В июле предложить лендинг и баннеры к запуску."}},
			pains:    []string{"Много брошенных корзин", "Покупатели уходят на маркетплейсы"},
			goals:    []string{"Поднять долю онлайн-продаж до 30%", "Увеличить повторные покупки"}},
		{name: indCosmetics, weight: 8, private: 0.15,
			brands:   []string{"Лавандовый сад", "Белая орхидея", "Натура Косметик", "Сибирские травы", "Пена", "Розовый кварц", "Аптекарь", "Скин Лаб"},
			holiday:  holiday{name: "Международный день красоты", month: time.September, day: 9},
			seasons:  []seasonal{{"8 Марта — главный сезон подарочных наборов", time.March, 8}, {"Новогодние подарочные наборы", time.December, 1}},
			launches: []string{"Запуск новой линейки уходовой косметики", "Выход летней коллекции", "Запуск подарочных наборов"},
			plans:    []planSpec{{"Запуск новой линейки осенью", time.September, "Летом предложить подготовить маркетинговые материалы."}, {"Подарочные наборы к 8 Марта", time.February, "В январе предложить лендинг и баннеры."}},
			pains:    []string{"Высокая конкуренция на маркетплейсах", "Сложно объяснить преимущества состава"},
			goals:    []string{"Построить узнаваемый бренд", "Продавать через свой сайт, а не только маркетплейсы"}},
		{name: indFood, weight: 9, private: 0.05,
			brands:   []string{"Зерно", "Колосок", "Гриль Хаус", "Пельменная №1", "Вкусно как дома", "Ложка", "Суши Сити", "Самовар"},
			holiday:  holiday{name: "Международный день повара", month: time.October, day: 20},
			seasons:  []seasonal{{"Открытие летней веранды", time.May, 1}, {"Новогодние корпоративы: бронирования с начала декабря", time.December, 1}},
			launches: []string{"Открытие второй точки", "Запуск собственной доставки", "Новое сезонное меню"},
			plans:    []planSpec{{"Открытие второй кофейни", time.April, "Зимой обсудить сайт и рекламу новой точки."}, {"Запуск доставки", time.June, "Весной предложить лендинг доставки и рекламу."}},
			pains:    []string{"Пустые залы в будни днём", "Агрегаторы доставки забирают большую комиссию"},
			goals:    []string{"Заполнить залы в будни", "Больше заказов через свой сайт"}},
		{name: indIT, weight: 10, private: 0.1,
			brands:   []string{"Вектор Софт", "Облачные решения", "Код Лаб", "ДатаТех", "Сибирь Девелопмент", "Интегра", "Бит и Байт", "Альфа Системс"},
			holiday:  holiday{name: "День программиста", month: time.September, day: 13},
			launches: []string{"Релиз новой версии продукта", "Запуск мобильного приложения", "Выход на зарубежный рынок"},
			plans:    []planSpec{{"Запуск нового продукта осенью", time.October, "Летом предложить лендинг продукта и аналитику."}, {"Выход на зарубежный рынок", time.September, "Заранее обсудить перевод сайта и культурную адаптацию."}},
			pains:    []string{"Длинный цикл сделки", "Сложно объяснить продукт нетехническим клиентам"},
			goals:    []string{"Больше заявок на демо", "Выйти на зарубежный рынок"}},
		{name: indEducation, weight: 9, private: 0.35,
			brands:   []string{"Умка", "Английский с нуля", "Кодик", "Лингва Центр", "Академия роста", "Знайка", "Форте"},
			holiday:  holiday{name: "День учителя", month: time.October, day: 5},
			seasons:  []seasonal{{"Набор на новый учебный год", time.August, 15}, {"Летние интенсивы", time.June, 1}},
			launches: []string{"Старт нового онлайн-курса", "Открытие филиала", "Запуск летнего лагеря"},
			plans:    []planSpec{{"Запуск онлайн-курса", time.August, "Весной предложить лендинг курса и рекламу."}, {"Набор в новый филиал", time.September, "Летом предложить рекламу набора."}},
			pains:    []string{"Летом провал набора", "Дорого обходится привлечение ученика"},
			goals:    []string{"Ровный набор круглый год", "Запустить онлайн-направление"}},
		{name: indMedicine, weight: 7, private: 0.1,
			brands:   []string{"Здоровье Плюс", "Дентал Стиль", "Доктор Рядом", "МедЛайн", "Зоркий", "Айболит"},
			holiday:  holiday{name: "День медицинского работника", month: time.June, weekday: time.Sunday, nth: 3},
			seasons:  []seasonal{{"Сезон простуд: кампания по вакцинации", time.October, 1}},
			launches: []string{"Открытие нового филиала", "Запуск онлайн-записи", "Новое направление: детская стоматология"},
			plans:    []planSpec{{"Открытие нового филиала", time.March, "Осенью обсудить сайт филиала и рекламу."}, {"Запуск онлайн-записи", time.February, "Предложить доработку сайта и аналитику."}},
			pains:    []string{"Строгие требования к рекламе медуслуг", "Пациенты не возвращаются на повторный приём"},
			goals:    []string{"Больше повторных визитов", "Заполнить расписание врачей"}},
		{name: indBuilding, weight: 7, private: 0.1,
			brands:   []string{"СтройДом", "Крепость", "Ремонт под ключ", "Уральские окна", "Кровля Мастер", "ДомСтрой-Сервис", "Бетон Трейд"},
			holiday:  holiday{name: "День строителя", month: time.August, weekday: time.Sunday, nth: 2},
			seasons:  []seasonal{{"Старт строительного сезона", time.April, 1}},
			launches: []string{"Новая услуга: каркасные дома", "Открытие шоурума"},
			plans:    []planSpec{{"Выход в соседнюю область", time.April, "Зимой предложить региональные лендинги и рекламу."}, {"Новая услуга: каркасные дома", time.March, "Предложить лендинг и контент о новой услуге."}},
			pains:    []string{"Сезонность заказов", "Клиенты боятся недобросовестных строителей"},
			goals:    []string{"Заказы зимой", "Больше доверия: кейсы и отзывы на сайте"}},
		{name: indRealty, weight: 6, private: 0.4,
			brands:   []string{"Новый адрес", "Квадратный метр", "Ключ", "Городская недвижимость", "Ваш риелтор"},
			holiday:  holiday{name: "День риелтора", month: time.February, day: 8},
			seasons:  []seasonal{{"Весенний рост спроса", time.March, 1}},
			launches: []string{"Старт продаж нового ЖК", "Запуск ипотечного направления"},
			plans:    []planSpec{{"Старт продаж нового ЖК", time.September, "Летом предложить лендинг ЖК и рекламу."}},
			pains:    []string{"Много нецелевых звонков", "Долгий цикл сделки"},
			goals:    []string{"Больше целевых заявок", "Личный бренд агента"}},
		{name: indBeauty, weight: 9, private: 0.4,
			brands:   []string{"Лилия", "Борода", "Ноготок", "Бьюти Лофт", "Бровки", "Шарм"},
			holiday:  holiday{name: "Международный день красоты", month: time.September, day: 9},
			seasons:  []seasonal{{"Свадебный сезон", time.May, 15}, {"Новогодние образы: запись с начала декабря", time.December, 5}},
			launches: []string{"Открытие второго салона", "Новая услуга: массаж"},
			plans:    []planSpec{{"Открытие второго салона", time.October, "Летом обсудить сайт и рекламу нового салона."}, {"Запуск онлайн-записи", time.March, "Предложить доработку сайта."}},
			pains:    []string{"Клиенты забывают записаться повторно", "Мастера уходят вместе с клиентами"},
			goals:    []string{"Записи на месяц вперёд", "Больше постоянных клиентов"}},
		{name: indB2B, weight: 10, private: 0.15,
			brands:   []string{"Бухгалтерия Онлайн", "Право", "Логистика Плюс", "Клининг Про", "Персонал", "Аутсорсинг Партнёр", "Печатный двор"},
			holiday:  holiday{name: "День российского предпринимательства", month: time.May, day: 26},
			seasons:  []seasonal{{"Планирование бюджетов на следующий год", time.November, 1}},
			launches: []string{"Новое направление: аутсорсинг HR", "Открытие офиса в Казани"},
			plans:    []planSpec{{"Расширение во второй регион", time.September, "Заранее обсудить региональный сайт и рекламу."}, {"Новое направление: аутсорсинг HR", time.January, "Осенью предложить лендинг направления."}},
			pains:    []string{"Нет стабильного потока лидов", "Сайт не объясняет, чем компания лучше конкурентов"},
			goals:    []string{"Стабильный поток заявок от компаний", "Сократить цикл сделки"}},
		{name: indWebDesign, weight: 4, private: 0.7,
			brands:   []string{"Пиксель", "Ф5", "Линия"},
			holiday:  holiday{name: "Всемирный день графического дизайна", month: time.April, day: 27},
			launches: []string{"Запуск собственного курса по дизайну"},
			plans:    []planSpec{{"Портфолио на английском", time.March, "Предложить перевод и культурную адаптацию."}, {"Запуск собственного курса", time.November, "Летом предложить тексты и SEO."}},
			pains:    []string{"Не хватает времени на тексты и продвижение себя", "Заказчики просят SEO, а его некому делать"},
			goals:    []string{"Отдать тексты и SEO на субподряд", "Выйти на зарубежных заказчиков"}},
		{name: indTourism, weight: 4, private: 0.2,
			brands:   []string{"Глобус", "Алтай Тур", "Путешествия с Анной", "Байкал Экспедиции"},
			holiday:  holiday{name: "Всемирный день туризма", month: time.September, day: 27},
			seasons:  []seasonal{{"Старт продаж летних туров", time.February, 1}, {"Новогодние туры", time.October, 15}},
			launches: []string{"Новый маршрут по Алтаю", "Запуск туров выходного дня"},
			plans:    []planSpec{{"Новые направления на лето", time.February, "Осенью предложить лендинги направлений."}, {"Выход на иностранных туристов", time.April, "Обсудить перевод и адаптацию сайта."}},
			pains:    []string{"Сильная сезонность", "Клиенты бронируют напрямую у отелей"},
			goals:    []string{"Продавать туры вне сезона", "Больше повторных путешественников"}},
		{name: indFitness, weight: 5, private: 0.3,
			brands:   []string{"Атлет", "Прана", "Гибкость", "Сила"},
			holiday:  holiday{name: "День физкультурника", month: time.August, weekday: time.Saturday, nth: 2},
			seasons:  []seasonal{{"Новогодние абонементы", time.December, 15}, {"Подготовка к лету", time.April, 1}, {"Сентябрьский набор", time.September, 1}},
			launches: []string{"Открытие второго зала", "Запуск онлайн-тренировок"},
			plans:    []planSpec{{"Открытие второго зала", time.August, "Весной обсудить сайт и рекламу."}, {"Онлайн-тренировки", time.January, "Осенью предложить лендинг и контент-план."}},
			pains:    []string{"Клиенты бросают абонемент через месяц", "Пустые залы летом"},
			goals:    []string{"Продлевать больше абонементов", "Заполнить залы летом"}},
	}
}

// Pain points, goals and plans that fit any business.
var (
	commonPains = []string{
		"Сайт не приносит заявок", "Нет времени заниматься маркетингом", "Непонятно, какая реклама окупается",
		"Сайт устарел и плохо выглядит на телефоне", "Прошлый подрядчик пропал посреди проекта",
		"Дорогая заявка из контекстной рекламы", "Мало отзывов и кейсов", "Нет единого фирменного стиля",
	}
	commonGoals = []string{
		"Увеличить число заявок с сайта", "Снизить стоимость заявки", "Выстроить узнаваемый бренд",
		"Запустить регулярный блог", "Выйти в топ-10 по ключевым запросам", "Получать заявки без рекламы",
	}
	commonPlans = []planSpec{
		{"Расширение во второй регион", time.September, "Заранее обсудить региональный сайт и рекламу."},
		{"Редизайн сайта", time.March, "Зимой предложить редизайн и тексты."},
		{"Ребрендинг к юбилею компании", time.June, "Весной предложить обновление фирменного стиля."},
		{"Выход на маркетплейсы", time.October, "Летом предложить карточки товаров и баннеры."},
	}
)
