package demo

import (
	"context"

	"github.com/regulars/regulars"
)

// service is a catalog entry with what the generator needs to know to sell it.
type service struct {
	key        string // how links name it
	name       string
	category   string
	rub        int64 // today's price in roubles
	days       int   // how long the work takes
	monthly    bool  // a subscription, ordered month after month
	repeat     int   // weight among the small jobs regulars order again and again
	entry      int   // weight as a client's first order
	industries []string
	desc       string
	titles     []string // order titles
	id         int64
}

// fits reports whether the service suits a client of the industry.
func (s *service) fits(industry string) bool {
	if len(s.industries) == 0 {
		return true
	}
	for _, ind := range s.industries {
		if ind == industry {
			return true
		}
	}
	return false
}

// link is a ServiceLink between two services of the catalog, by index.
type link struct {
	from, to int
	kind     string
	gap      int
	note     string
}

// Categories of the catalog.
const (
	catSites     = "Сайты"
	catAds       = "Аналитика и реклама"
	catSEO       = "SEO"
	catDesign    = "Дизайн"
	catTexts     = "Тексты"
	catSMM       = "SMM"
	catTranslate = "Перевод"
	catSupport   = "Поддержка"
	catConsult   = "Консалтинг"
)

// notWebDesign lists every industry but web design: a web designer does not need context ads.
var notWebDesign = []string{indRetail, indCosmetics, indFood, indIT, indEducation, indMedicine,
	indBuilding, indRealty, indBeauty, indB2B, indTourism, indFitness}

// shops lists the industries that sell goods online.
var shops = []string{indRetail, indCosmetics, indFood, indBeauty, indFitness}

// b2b lists the industries that sell to businesses: no B2B promotion for a cosmetics shop.
var b2b = []string{indB2B, indIT, indBuilding}

// newCatalog returns the studio's services, with today's prices.
func newCatalog() []service {
	return []service{
		{key: "landing", name: "Лендинг", category: catSites, rub: 45_000, days: 14, entry: 24,
			desc:   "Одностраничный сайт под одну услугу или акцию: структура, дизайн, вёрстка, форма заявки.",
			titles: []string{"Лендинг для новой услуги", "Лендинг под акцию", "Лендинг для запуска курса", "Лендинг для сбора заявок"}},
		{key: "corporate", name: "Корпоративный сайт", category: catSites, rub: 120_000, days: 35, entry: 12,
			desc:   "Сайт компании до 15 страниц: услуги, кейсы, контакты, блог, админка.",
			titles: []string{"Корпоративный сайт", "Новый сайт компании", "Редизайн корпоративного сайта"}},
		{key: "shop", name: "Интернет-магазин", category: catSites, rub: 250_000, days: 60, entry: 8, industries: shops,
			desc:   "Каталог, корзина, онлайн-оплата, интеграция с доставкой и складом.",
			titles: []string{"Интернет-магазин", "Интернет-магазин на новой платформе", "Перенос магазина на новую платформу"}},
		{key: "fixes", name: "Доработка сайта", category: catSites, rub: 12_000, days: 5, repeat: 5, entry: 8,
			desc:   "Разовые правки и небольшие доработки: новый блок, форма, раздел.",
			titles: []string{"Новый раздел на сайте", "Доработка формы заявки", "Правки по сайту", "Блок отзывов на сайт", "Ускорение загрузки сайта"}},
		{key: "analytics", name: "Настройка веб-аналитики", category: catAds, rub: 18_000, days: 5,
			desc:   "Метрика и цели, сквозная аналитика заявок, отчёт по источникам.",
			titles: []string{"Настройка Метрики и целей", "Сквозная аналитика заявок", "Настройка веб-аналитики"}},
		{key: "cro", name: "Оптимизация конверсии", category: catAds, rub: 35_000, days: 21,
			desc:   "Анализ воронки, гипотезы, A/B-тесты форм и первого экрана.",
			titles: []string{"Оптимизация конверсии сайта", "A/B-тест первого экрана", "Аудит воронки заявок"}},
		{key: "ads", name: "Настройка контекстной рекламы", category: catAds, rub: 30_000, days: 10, industries: notWebDesign,
			desc:   "Семантика, объявления, кампании в поиске и РСЯ, передача в ведение.",
			titles: []string{"Запуск контекстной рекламы", "Настройка рекламы в поиске", "Рекламная кампания к сезону"}},
		{key: "ads-monthly", name: "Ведение контекстной рекламы (ежемесячно)", category: catAds, rub: 20_000, days: 30, monthly: true, industries: notWebDesign,
			desc: "Ежемесячное ведение кампаний: ставки, минус-слова, отчёт."},
		{key: "b2b-leads", name: "Лидогенерация для B2B", category: catAds, rub: 40_000, days: 21, industries: b2b,
			desc:   "Поиск лидов, рассылки по базе, лендинг под отраслевое предложение.",
			titles: []string{"Лидогенерация для отдела продаж", "Кампания по холодной базе"}},
		{key: "seo-basic", name: "SEO-аудит базовый", category: catSEO, rub: 15_000, days: 7, entry: 9,
			desc:   "Проверка индексации, мета-тегов и основных ошибок, список рекомендаций.",
			titles: []string{"SEO-аудит сайта"}},
		{key: "seo-tech", name: "SEO-аудит с техническим анализом", category: catSEO, rub: 25_000, days: 10,
			desc:   "Базовый аудит плюс скорость, микроразметка, дубли, ошибки сервера.",
			titles: []string{"SEO-аудит с техническим анализом"}},
		{key: "seo-full", name: "SEO-аудит полный с планом работ", category: catSEO, rub: 50_000, days: 14,
			desc:   "Технический и контентный аудит, анализ конкурентов, план работ на полгода.",
			titles: []string{"Полный SEO-аудит с планом работ"}},
		{key: "seo-monthly", name: "SEO-продвижение (ежемесячно)", category: catSEO, rub: 35_000, days: 30, monthly: true,
			desc: "Ежемесячная работа по плану: контент, ссылки, технические правки, отчёт по позициям."},
		{key: "logo", name: "Логотип", category: catDesign, rub: 25_000, days: 10, entry: 12,
			desc:   "Три концепции, доработка выбранной, исходники.",
			titles: []string{"Логотип", "Новый логотип", "Логотип для нового направления"}},
		{key: "brand", name: "Фирменные цвета и шрифты", category: catDesign, rub: 20_000, days: 7,
			desc:   "Палитра, шрифтовая пара, правила использования логотипа.",
			titles: []string{"Фирменные цвета и шрифты", "Мини-гайд по фирменному стилю"}},
		{key: "rebrand", name: "Обновление фирменного стиля", category: catDesign, rub: 60_000, days: 21,
			desc:   "Освежить стиль к юбилею или новому этапу: логотип, палитра, носители.",
			titles: []string{"Обновление фирменного стиля к юбилею", "Рестайлинг бренда"}},
		{key: "banners", name: "Дизайн баннеров", category: catDesign, rub: 6_000, days: 3, repeat: 4, entry: 4,
			desc:   "Комплект баннеров для сайта, рекламы или соцсетей.",
			titles: []string{"Баннеры для акции", "Баннеры для рекламы", "Обложки для соцсетей", "Баннеры к распродаже"}},
		{key: "article", name: "Статья для блога", category: catTexts, rub: 5_000, days: 5, repeat: 5, entry: 7,
			desc: "Экспертная статья до 8 000 знаков с подбором ключевых слов.",
			titles: []string{"Статья «Как выбрать подрядчика»", "Статья «5 ошибок новичков»", "Статья для блога к сезону",
				"Статья-кейс о проекте", "Статья «Ответы на частые вопросы»", "Статья для новогодней кампании"}},
		{key: "site-texts", name: "Тексты для сайта", category: catTexts, rub: 15_000, days: 7, entry: 4,
			desc:   "Тексты главной и страниц услуг: структура, выгоды, призывы.",
			titles: []string{"Тексты для сайта", "Тексты страниц услуг", "Продающий текст для лендинга"}},
		{key: "content-plan", name: "Контент-план на месяц", category: catSMM, rub: 10_000, days: 5, repeat: 2, entry: 5,
			desc:   "Рубрики, темы и календарь публикаций на месяц.",
			titles: []string{"Контент-план на месяц", "Контент-план к запуску", "Контент-план к праздникам"}},
		{key: "smm-monthly", name: "Ведение соцсетей (ежемесячно)", category: catSMM, rub: 30_000, days: 30, monthly: true,
			desc: "Посты, сторис, ответы на комментарии и отчёт по охватам каждый месяц."},
		{key: "translation", name: "Перевод сайта на английский", category: catTranslate, rub: 30_000, days: 14, entry: 4,
			desc:   "Перевод страниц сайта носителем языка, вычитка, выкладка.",
			titles: []string{"Перевод сайта на английский", "Английская версия сайта"}},
		{key: "adaptation", name: "Культурная адаптация для зарубежного рынка", category: catTranslate, rub: 20_000, days: 10,
			desc:   "Адаптация текстов, примеров и визуала под культуру страны.",
			titles: []string{"Культурная адаптация сайта", "Адаптация под зарубежную аудиторию"}},
		{key: "support", name: "Техподдержка сайта (ежемесячно)", category: catSupport, rub: 8_000, days: 30, monthly: true,
			desc: "Обновления, резервные копии, мелкие правки до 3 часов в месяц."},
		{key: "consulting", name: "Консультация по маркетингу", category: catConsult, rub: 8_000, days: 1, repeat: 2, entry: 4,
			desc:   "Двухчасовой разбор сайта и маркетинга с планом действий.",
			titles: []string{"Консультация по продвижению", "Разбор сайта и рекламы", "Стратегическая сессия"}},
	}
}

// linkSpec is a link between two services named by key.
type linkSpec struct {
	from, to, kind string
	gap            int
	note           string
}

// catalogLinks returns the chains, cross-sells and upsell ladders of the catalog.
func catalogLinks() []linkSpec {
	return []linkSpec{
		{"landing", "analytics", regulars.LinkNext, 14, "После лендинга — настроить аналитику."},
		{"analytics", "cro", regulars.LinkNext, 45, "Когда накопятся данные — оптимизировать конверсию."},
		{"cro", "ads", regulars.LinkNext, 30, "После оптимизации — запускать рекламу."},
		{"ads", "ads-monthly", regulars.LinkNext, 7, "Разовая настройка → ежемесячное ведение."},
		{"corporate", "support", regulars.LinkNext, 7, "После запуска сайта — техподдержка."},
		{"corporate", "seo-basic", regulars.LinkNext, 90, "Через квартал после запуска — проверить SEO."},
		{"shop", "analytics", regulars.LinkNext, 14, "Магазину нужна аналитика с первого дня."},
		{"seo-full", "seo-monthly", regulars.LinkNext, 14, "План работ готов — взять его в работу."},
		{"content-plan", "smm-monthly", regulars.LinkNext, 7, "Контент-план → ведение соцсетей."},
		{"seo-basic", "seo-tech", regulars.LinkUpsell, 0, "15 000 ₽ → 25 000 ₽: добавить технический анализ."},
		{"seo-tech", "seo-full", regulars.LinkUpsell, 0, "25 000 ₽ → 50 000 ₽: полный аудит с планом работ."},
		{"fixes", "support", regulars.LinkUpsell, 14, "Разовые задачи → абонентское обслуживание."},
		{"smm-monthly", "consulting", regulars.LinkUpsell, 60, "Исполнение → консалтинг."},
		{"logo", "brand", regulars.LinkCrossSell, 0, "К логотипу — фирменные цвета и шрифты."},
		{"translation", "adaptation", regulars.LinkCrossSell, 0, "К переводу — культурная адаптация."},
		{"landing", "site-texts", regulars.LinkCrossSell, 0, "Продающие тексты для лендинга."},
		{"corporate", "site-texts", regulars.LinkCrossSell, 0, "Тексты страниц услуг."},
		{"shop", "banners", regulars.LinkCrossSell, 0, "Баннеры для витрины и акций."},
		{"smm-monthly", "banners", regulars.LinkCrossSell, 0, "Обложки и баннеры для постов."},
		{"article", "content-plan", regulars.LinkCrossSell, 30, "Статьи → контент-план для соцсетей."},
	}
}

// initCatalog builds the catalog and its link index. IDs are filled by createCatalog.
func (g *generator) initCatalog() {
	g.cat = newCatalog()
	g.byKey = make(map[string]int, len(g.cat))
	for i, s := range g.cat {
		g.byKey[s.key] = i
	}
	g.out = make([][]link, len(g.cat))
	for _, l := range catalogLinks() {
		from, to := g.byKey[l.from], g.byKey[l.to]
		g.out[from] = append(g.out[from], link{from: from, to: to, kind: l.kind, gap: l.gap, note: l.note})
	}
}

// createCatalog stores the services and the links between them.
func (g *generator) createCatalog(ctx context.Context) error {
	for i := range g.cat {
		s := &g.cat[i]
		rec := &regulars.Service{
			Name:        s.name,
			Category:    s.category,
			Price:       regulars.Money{Minor: s.rub * 100, Currency: regulars.DefaultCurrency},
			Description: s.desc,
			Industries:  s.industries,
		}
		if err := rec.Validate(); err != nil {
			return err
		}
		if err := g.load.AddService(ctx, rec); err != nil {
			return err
		}
		s.id = rec.ID
		g.stats.Services++
	}
	for _, links := range g.out {
		for _, l := range links {
			rec := &regulars.ServiceLink{FromID: g.cat[l.from].id, ToID: g.cat[l.to].id, Kind: l.kind, GapDays: l.gap, Note: l.note}
			if err := rec.Validate(); err != nil {
				return err
			}
			if err := g.load.AddServiceLink(ctx, rec); err != nil {
				return err
			}
			g.stats.Links++
		}
	}
	return nil
}

// nextService chooses the service of a client's next order: the first from the entry
// services, later mostly a step of a chain, an upsell or a cross-sell from what the client
// already bought, or one of the small jobs regulars order again and again.
func (g *generator) nextService(ind *industry) int {
	if len(g.orders) > 0 {
		if g.chance(0.55) {
			if t := g.follow(ind); t >= 0 {
				return t
			}
		}
		if g.chance(0.6) {
			return g.choose(ind, false)
		}
	}
	if t := g.choose(ind, true); t >= 0 {
		return t
	}
	return g.choose(ind, false)
}

// choose returns a service that fits the industry, or -1: an entry service the client has
// not ordered yet when entry is set, else a small job that is ordered again and again.
func (g *generator) choose(ind *industry, entry bool) int {
	g.weights = g.weights[:0]
	for i := range g.cat {
		s, w := &g.cat[i], 0
		switch {
		case !s.fits(ind.name):
		case entry && !g.has(i):
			w = s.entry
		case !entry:
			w = s.repeat
		}
		g.weights = append(g.weights, w)
	}
	return g.weighted(g.weights)
}

// follow returns a service linked from one the client has ordered and has not ordered yet
// (or orders again and again), or -1. Links from the latest order weigh double.
func (g *generator) follow(ind *industry) int {
	last := g.orders[len(g.orders)-1].svc
	g.weights = append(g.weights[:0], make([]int, len(g.cat))...)
	for from := range g.cat {
		if !g.has(from) {
			continue
		}
		for _, l := range g.out[from] {
			to := &g.cat[l.to]
			if !to.fits(ind.name) || g.has(l.to) && to.repeat == 0 {
				continue
			}
			w := 2
			if l.kind != regulars.LinkCrossSell {
				w = 3
			}
			if from == last {
				w *= 2
			}
			g.weights[l.to] += w
		}
	}
	return g.weighted(g.weights)
}

// pickMonthly returns the subscription a client takes: one linked from what it ordered
// is likelier.
func (g *generator) pickMonthly(ind *industry) int {
	g.weights = g.weights[:0]
	for i := range g.cat {
		w := 0
		if s := &g.cat[i]; s.monthly && s.fits(ind.name) {
			w = 2
		}
		g.weights = append(g.weights, w)
	}
	for from := range g.cat {
		if g.has(from) {
			for _, l := range g.out[from] {
				if g.weights[l.to] > 0 {
					g.weights[l.to] += 4
				}
			}
		}
	}
	return g.weighted(g.weights)
}
