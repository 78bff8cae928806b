import type { ChatMessage } from '../chat/topics.ts'

/** The longest text we send: two SMS segments of plain GSM text, three of Unicode. */
export const MAX_SMS_LENGTH = 320

/** The text an SMS channel sends for a chat message: the store's name, the title and the sentence, cut to fit. */
export function smsText(message: ChatMessage, storeName: string): string {
  const text = `${storeName}: ${message.title}. ${message.summary}`
  return text.length <= MAX_SMS_LENGTH ? text : `${text.slice(0, MAX_SMS_LENGTH - 1)}…`
}
