import { useRef, useState } from 'react'
import { MAX_IMAGES } from './product-draft.ts'
import { UPLOAD_TYPES, uploadImage, uploadProblem } from './upload.ts'

/**
 * A product's pictures: the list (the first is the main one, shown on cards and in links), each movable and
 * removable; a URL to paste; a file to upload. The typed URL stays in `url` until added (or saved).
 */
export function ImagesField(props: {
  images: string[]
  /** Changes the list from what it is when the change happens (an upload ends after other changes). */
  onImages(change: (images: string[]) => string[]): void
  url: string
  onUrl(url: string): void
  onUploading(uploading: boolean): void
}) {
  const { images, url } = props
  const [uploading, setUploading] = useState<string>()
  const [uploadError, setUploadError] = useState<string>()
  const [uploaded, setUploaded] = useState<string>()
  const urlInput = useRef<HTMLInputElement>(null)
  const full = images.length >= MAX_IMAGES

  function add(next: string) {
    const value = next.trim()
    if (!value) return
    props.onImages((current) => (current.includes(value) ? current : [...current, value]))
  }

  function move(index: number) {
    props.onImages((current) => {
      const next = [...current]
      const [picked] = next.splice(index, 1)
      if (picked !== undefined) next.splice(index - 1, 0, picked)
      return next
    })
  }

  function remove(index: number) {
    props.onImages((current) => current.filter((_, i) => i !== index))
    urlInput.current?.focus() // the button pressed is gone: the admin carries on where pictures are added
  }

  async function upload(input: HTMLInputElement) {
    const file = input.files?.[0]
    if (!file) return
    setUploadError(undefined)
    setUploaded(undefined)
    const problem = uploadProblem(file)
    if (problem) {
      setUploadError(problem)
      input.value = ''
      return
    }
    setUploading(file.name)
    props.onUploading(true)
    try {
      const image = await uploadImage(file)
      add(image.url)
      setUploaded(`Uploaded ${file.name}`)
    } catch (e) {
      setUploadError(e instanceof Error ? e.message : String(e))
    } finally {
      setUploading(undefined)
      props.onUploading(false)
      input.value = '' // so the same file can be picked again after a failure
    }
  }

  return (
    <fieldset className="choices">
      <legend>Images</legend>
      <p className="muted small-left" id="product-images-hint">
        The first image is the main one. Up to {MAX_IMAGES}.
      </p>
      {images.length === 0 ? (
        <p className="muted">No images yet.</p>
      ) : (
        <ol className="image-list" aria-describedby="product-images-hint">
          {images.map((image, i) => (
            <li key={image}>
              <img src={image} alt="" width={56} height={56} className="thumb" />
              <span className="image-name">
                <strong>{i === 0 ? 'Main image' : `Image ${i + 1}`}</strong>
                <span className="muted image-url">{image}</span>
              </span>
              <span className="image-actions">
                {i > 0 && (
                  <button type="button" className="button secondary small-button" onClick={() => move(i)}>
                    Move up<span className="visually-hidden"> image {i + 1}</span>
                  </button>
                )}
                <button type="button" className="button secondary small-button" onClick={() => remove(i)}>
                  Remove<span className="visually-hidden"> image {i + 1}</span>
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
      <div className="field">
        <label htmlFor="product-image">Image URL</label>
        <div className="input-with-button">
          <input
            id="product-image"
            ref={urlInput}
            type="url"
            value={url}
            onChange={(e) => props.onUrl(e.target.value)}
            maxLength={2048}
            disabled={full}
          />
          <button
            type="button"
            className="button secondary"
            disabled={full || !url.trim()}
            onClick={() => {
              add(url)
              props.onUrl('')
            }}
          >
            Add image
          </button>
        </div>
        {url.trim() && (
          <img className="image-preview" src={url} alt="Preview of the product" width={160} height={100} />
        )}
      </div>
      <div className="field">
        <label htmlFor="product-upload">Upload an image</label>
        <p className="muted small-left" id="product-upload-hint">
          JPEG, PNG or WebP, at most 10 MB.
        </p>
        <input
          id="product-upload"
          type="file"
          className="file-input"
          accept={UPLOAD_TYPES}
          aria-describedby="product-upload-hint"
          disabled={full || uploading !== undefined}
          onChange={(e) => void upload(e.currentTarget)}
        />
        <p role="status" className="muted upload-status">
          {uploading ? `Uploading ${uploading}…` : uploaded}
        </p>
        {uploadError && (
          <p className="field-error" role="alert">
            {uploadError}
          </p>
        )}
      </div>
      {full && <p className="muted">That is {MAX_IMAGES} images, the most a product can have.</p>}
    </fieldset>
  )
}
