"""Scrapy settings shared by every newsmon crawl.

Values that operators tune live in the TOML config (see ``crawler.runner.crawl_settings``,
which overlays them); what stays here are the project's fixed choices.
"""

BOT_NAME = "newsmon"
SPIDER_MODULES = ["newsmon.crawler.spiders"]
NEWSPIDER_MODULE = "newsmon.crawler.spiders"

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# Both open local control servers; a crawler daemon has no use for them.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
EXTENSIONS = {
    "scrapy.extensions.telnet.TelnetConsole": None,
    "scrapy.extensions.remote_control.RemoteControl": None,
    "newsmon.crawler.recorder.CrawlRunRecorder": 500,
}

ROBOTSTXT_OBEY = True
ROBOTSTXT_PARSER = "scrapy.robotstxt.ProtegoRobotParser"
COOKIES_ENABLED = False
REDIRECT_MAX_TIMES = 5
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]

# The spider dedupes by normalised URL itself (tracking parameters, AMP, print);
# with Scrapy's fingerprint filter on top, redirect targets already seen would be
# dropped and the redirect would never be recorded as an appearance.
DUPEFILTER_CLASS = "scrapy.dupefilters.BaseDupeFilter"
# Depth is counted by the spider: pagination must not use up the link budget.
DEPTH_LIMIT = 0

ITEM_PIPELINES = {"newsmon.crawler.pipelines.ArticlePipeline": 300}
# A page yields at most one article; Scrapy would otherwise start 100 item tasks per page.
CONCURRENT_ITEMS = 4

LOG_LEVEL = "INFO"
LOG_FORMATTER = "newsmon.crawler.logformat.NewsmonLogFormatter"
LOGSTATS_INTERVAL = 60.0

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newsmon.crawler.robots.Rfc9309RobotsMiddleware": 100,
    "newsmon.crawler.scope.RedirectScopeMiddleware": 90,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newsmon.crawler.politeness.RetryAfterMiddleware": 550,
    "newsmon.crawler.conditional.ConditionalGetMiddleware": 560,
    # Scrapy's decodes every whole page to find a refresh tag in its first 4 KB.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "newsmon.crawler.meta_refresh.HeadMetaRefreshMiddleware": 580,
}
