package demo

import (
	"strconv"
	"strings"
)

var (
	maleNames = []string{
		"Александр", "Алексей", "Андрей", "Антон", "Артём", "Борис", "Вадим", "Василий", "Виктор",
		"Владимир", "Владислав", "Григорий", "Денис", "Дмитрий", "Евгений", "Егор", "Иван", "Игорь",
		"Илья", "Кирилл", "Константин", "Максим", "Михаил", "Никита", "Николай", "Олег", "Павел",
		"Роман", "Руслан", "Сергей", "Станислав", "Тимур", "Фёдор", "Юрий", "Ярослав",
	}
	femaleNames = []string{
		"Александра", "Алина", "Алёна", "Анастасия", "Анна", "Валентина", "Валерия", "Вера", "Виктория",
		"Галина", "Дарья", "Диана", "Евгения", "Екатерина", "Елена", "Елизавета", "Ирина", "Кристина",
		"Ксения", "Лариса", "Людмила", "Маргарита", "Марина", "Мария", "Надежда", "Наталья", "Нина",
		"Оксана", "Ольга", "Полина", "Светлана", "София", "Татьяна", "Юлия", "Яна",
	}
	// surnames are in the masculine form; feminine derives them (Иванов → Иванова).
	surnames = []string{
		"Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков",
		"Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов",
		"Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв",
		"Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов",
		"Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв", "Ильин", "Максимов", "Поляков",
		"Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев", "Антонов", "Тарасов", "Жуков", "Баранов",
		"Филиппов", "Комаров", "Давыдов", "Беляев", "Герасимов", "Богданов", "Осипов", "Сидоров",
		"Матвеев", "Титов", "Марков", "Миронов", "Крылов", "Куликов", "Карпов", "Власов", "Мельников",
		"Денисов", "Гаврилов", "Тихонов", "Казаков", "Афанасьев", "Данилов", "Савельев", "Тимофеев",
		"Фомин", "Чернов", "Абрамов", "Мартынов", "Ефимов", "Федотов", "Щербаков", "Назаров", "Калинин",
		"Исаев", "Чернышёв", "Быков", "Маслов", "Родионов", "Коновалов", "Лазарев", "Воронин", "Климов",
		"Филатов", "Пономарёв", "Голубев", "Кудрявцев", "Прохоров", "Наумов", "Потапов", "Журавлёв",
		"Трофимов", "Леонов", "Соболев", "Ермаков", "Колесников", "Гончаров", "Емельянов", "Никифоров",
		"Грачёв", "Котов", "Гришин", "Ефремов", "Архипов", "Громов", "Кириллов", "Малышев", "Панов",
		"Румянцев", "Акимов", "Кондратьев", "Бирюков", "Горбунов", "Галкин", "Лукьянов", "Скворцов",
		"Белоусов", "Нестеров", "Симонов", "Харитонов", "Князев", "Цветков", "Левин", "Мальцев",
		"Логинов", "Горшков", "Савин", "Краснов", "Майоров", "Демидов", "Елисеев", "Рыбаков", "Жданов",
		"Вишневский", "Покровский", "Островский", "Белецкий", "Шевчук", "Бондаренко", "Кравченко",
		"Ткаченко", "Лысенко", "Коваль", "Гайдук",
	}
	// patronymicInitials are the first letters of common patronymics, for ИП names.
	patronymicInitials = []string{"А", "Б", "В", "Г", "Д", "Е", "И", "К", "Л", "М", "Н", "О", "П", "Р", "С", "Ю"}
)

// person is the contact person of a client.
type person struct {
	first, last string
	female      bool
	patronymic  string // the initial
}

// name returns "Имя Фамилия".
func (p person) name() string { return p.first + " " + p.last }

// initials returns "Фамилия И. О.", as an ИП is named.
func (p person) initials() string {
	r := []rune(p.first)
	return p.last + " " + string(r[0]) + ". " + p.patronymic + "."
}

// newPerson returns a random person.
func (g *generator) newPerson() person {
	p := person{female: g.chance(0.55), patronymic: pick(g, patronymicInitials)}
	p.last = pick(g, surnames)
	if p.female {
		p.first = pick(g, femaleNames)
		p.last = feminine(p.last)
	} else {
		p.first = pick(g, maleNames)
	}
	return p
}

// feminine returns the feminine form of a masculine surname: Иванов → Иванова,
// Вишневский → Вишневская; surnames such as Шевчук do not change.
func feminine(s string) string {
	switch {
	case strings.HasSuffix(s, "ский"):
		return strings.TrimSuffix(s, "ский") + "ская"
	case strings.HasSuffix(s, "цкий"):
		return strings.TrimSuffix(s, "цкий") + "цкая"
	case strings.HasSuffix(s, "ов"), strings.HasSuffix(s, "ев"), strings.HasSuffix(s, "ёв"),
		strings.HasSuffix(s, "ин"), strings.HasSuffix(s, "ын"):
		return s + "а"
	}
	return s
}

// translit spells Russian in Latin letters, as e-mail addresses and handles do.
var translit = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
}

// latin returns s transliterated and lower-cased; other characters are dropped, spaces
// become sep.
func latin(s string, sep string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-':
			b.WriteString(sep)
		default:
			b.WriteString(translit[r])
		}
	}
	return b.String()
}

// emailDomains are reserved for examples (RFC 2606), so no mail can reach a real person.
var emailDomains = []string{"example.com", "example.org", "example.net"}

// latinName returns a name transliterated, remembering the answer: there are a few hundred
// names, so the cache stays small.
func (g *generator) latinName(s string) string {
	l, ok := g.latinNames[s]
	if !ok {
		l = latin(s, "")
		g.latinNames[s] = l
	}
	return l
}

// email returns an address unique to client n: the number is part of it.
func (g *generator) email(p person, n int) string {
	first, last := g.latinName(p.first), g.latinName(p.last)
	num := strconv.Itoa(n)
	var local string
	switch g.rng.IntN(4) {
	case 0:
		local = first + "." + last + "." + num
	case 1:
		local = first[:1] + "." + last + num
	case 2:
		local = last + "." + first[:1] + "." + num
	default:
		local = first + "_" + last + num
	}
	return local + "@" + pick(g, emailDomains)
}

// phone returns a Russian mobile number: +7 9XX XXX-XX-XX.
func (g *generator) phone() string {
	b := make([]byte, 0, 16)
	b = append(b, "+7 9"...)
	b = g.digits(b, 2)
	b = append(b, ' ')
	b = g.digits(b, 3)
	b = append(b, '-')
	b = g.digits(b, 2)
	b = append(b, '-')
	b = g.digits(b, 2)
	return string(b)
}

func (g *generator) digits(b []byte, n int) []byte {
	for range n {
		b = append(b, byte('0'+g.rng.IntN(10)))
	}
	return b
}

// telegram returns a Telegram handle built from the person's name.
func (g *generator) telegram(p person) string {
	first, last := g.latinName(p.first), g.latinName(p.last)
	switch g.rng.IntN(3) {
	case 0:
		return "@" + first + "_" + last
	case 1:
		return "@" + first[:1] + last + strconv.Itoa(g.between(1, 99))
	}
	return "@" + last + "_" + first[:1]
}
