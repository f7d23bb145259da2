import type { MessageKey } from './en.ts';

/** 简体中文 catalogue: the users' first language. Same keys and {placeholders} as en.ts. */
export const zhCN = {
  'app.name': '匠心',
  'app.fullName': '匠心 · 职工技能竞赛管理',
  'app.tagline': '技能竞赛，从报名到成绩公示',
  'app.skipToContent': '跳到正文',

  'lang.label': '语言',
  'lang.zh-CN': '中文',
  'lang.en': 'English',

  'nav.dashboard': '工作台',
  'nav.login': '登录',
  'nav.logout': '退出登录',
  'nav.signedInAs': '当前用户：{name}',

  'role.organizer': '组织方',
  'role.chief_judge': '裁判长',
  'role.judge': '裁判',

  'field.username': '用户名',
  'field.username.hint': '3–32 位字母、数字、点、横线或下划线',
  'field.displayName': '姓名',
  'field.password': '密码',
  'field.password.hint': '至少 {min} 个字符',
  'field.passwordConfirm': '再次输入密码',

  'setup.title': '欢迎使用匠心',
  'setup.intro': '系统中还没有任何账号。请创建第一个组织方账号，之后可用它创建赛事、添加裁判。',
  'setup.submit': '创建组织方账号',
  'setup.alreadyDone': '初始设置已完成，请登录。',

  'login.title': '登录',
  'login.submit': '登录',
  'login.failed': '用户名或密码错误。',
  'login.rateLimited': '失败次数过多，请 {minutes} 分钟后再试。',
  'login.signedOut': '您已退出登录。',
  'login.sessionExpired': '请先登录。',

  'dashboard.title': '工作台',
  'dashboard.welcome': '{name}，您好',
  'dashboard.role': '您的角色：{role}',
  'dashboard.events': '赛事',
  'dashboard.noEvents': '还没有赛事。',
  'event.status.draft': '草稿',
  'event.status.registration': '报名中',
  'event.status.in_progress': '比赛进行中',
  'event.status.published': '成绩已公示',
  'event.status.archived': '已归档',

  'validation.required': '此项为必填项。',
  'validation.tooLong': '最多 {max} 个字符。',
  'validation.usernameFormat': '请使用 3–32 位字母、数字、点、横线或下划线。',
  'validation.passwordTooShort': '至少 {min} 个字符。',
  'validation.passwordTooLong': '最多 {max} 个字符。',
  'validation.passwordMismatch': '两次输入的密码不一致。',
  'validation.formHasErrors': '请修改标出的内容。',

  'error.notFound.title': '页面不存在',
  'error.notFound.body': '您访问的页面不存在或已移动。',
  'error.server.title': '出错了',
  'error.server.body': '服务器未能完成此次请求，数据没有任何改动。请重试；如果再次出现，请联系组织方。参考编号：{ref}',
  'error.csrf.title': '表单已失效',
  'error.csrf.body': '出于安全原因，表单未能提交。请返回、刷新页面后重试。',
  'error.forbidden.title': '无权访问',
  'error.forbidden.body': '您的账号无权访问此页面。',
  'error.tooLarge.title': '提交内容过大',
  'error.tooLarge.body': '您提交的内容过大，无法接收。',
  'error.backHome': '返回首页',
} as const satisfies Record<MessageKey, string>;
