"""Written by `make catalogues` from Babel 2.19.0: CLDR's long date pattern and
month names of the locales the shipped catalogues print dates in. Do not edit."""

LONG: dict[str, tuple[str, tuple[str, ...]]] = {
    'en_GB': ('d MMMM y', (
        'January', 'February', 'March', 'April', 'May', 'June',
        'July', 'August', 'September', 'October', 'November', 'December',)),
    'es': ("d 'de' MMMM 'de' y", (
        'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio',
        'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre',)),
    'fil_PH': ('MMMM d, y', (
        'Enero', 'Pebrero', 'Marso', 'Abril', 'Mayo', 'Hunyo',
        'Hulyo', 'Agosto', 'Setyembre', 'Oktubre', 'Nobyembre', 'Disyembre',)),
    'fr': ('d MMMM y', (
        'janvier', 'février', 'mars', 'avril', 'mai', 'juin',
        'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',)),
    'ko': ('y년 MMMM d일', (
        '1월', '2월', '3월', '4월', '5월', '6월',
        '7월', '8월', '9월', '10월', '11월', '12월',)),
    'pl': ('d MMMM y', (
        'stycznia', 'lutego', 'marca', 'kwietnia', 'maja', 'czerwca',
        'lipca', 'sierpnia', 'września', 'października', 'listopada', 'grudnia',)),
    'pt': ("d 'de' MMMM 'de' y", (
        'janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho',
        'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro',)),
    'ru': ("d MMMM y\u202f'г'.", (
        'января', 'февраля', 'марта', 'апреля', 'мая', 'июня',
        'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря',)),
    'vi': ('d MMMM, y', (
        'tháng 1', 'tháng 2', 'tháng 3', 'tháng 4', 'tháng 5', 'tháng 6',
        'tháng 7', 'tháng 8', 'tháng 9', 'tháng 10', 'tháng 11', 'tháng 12',)),
    'zh_Hans': ('y年M月d日', (
        '一月', '二月', '三月', '四月', '五月', '六月',
        '七月', '八月', '九月', '十月', '十一月', '十二月',)),
    'zh_Hant': ('y年M月d日', (
        '1月', '2月', '3月', '4月', '5月', '6月',
        '7月', '8月', '9月', '10月', '11月', '12月',)),
}
